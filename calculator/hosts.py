"""What kind of site a page we read is on, worked out from its url (one table, here only).

A page is ``government`` only when its host is a government domain; ``state_media`` when it is
one of the state-run news organisations below; anything else is ``other`` -- most pages we read
are reprints on commercial or content-farm sites, whatever their names say ("news." in a host
name proves nothing). A host matches a domain when it is the domain or one of its subdomains.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

__all__ = ["HOST_KINDS", "KIND_LABELS", "KINDS", "HostKind", "host_kind"]

HostKind = Literal["government", "state_media", "other"]
KINDS: tuple[HostKind, ...] = ("government", "state_media", "other")

# (domain, kind): the only place that says which sites are government or state media.
HOST_KINDS: tuple[tuple[str, HostKind], ...] = (
    ("gov.cn", "government"),  # every Chinese government site: www.gov.cn, *.shanghai.gov.cn, ...
    ("people.com.cn", "state_media"),  # 人民网
    ("xinhuanet.com", "state_media"),  # 新华网
    ("news.cn", "state_media"),  # 新华网 (new domain)
    ("cctv.com", "state_media"),  # 央视网
    ("cctv.cn", "state_media"),
    ("chinadaily.com.cn", "state_media"),  # 中国日报
    ("chinanews.com.cn", "state_media"),  # 中国新闻网
    ("chinanews.com", "state_media"),
    ("ecns.cn", "state_media"),  # 中国新闻网 English
    ("china.com.cn", "state_media"),  # 中国网
    ("china.org.cn", "state_media"),
    ("chinagate.cn", "state_media"),  # 中国发展门户网 (中国网)
    ("ce.cn", "state_media"),  # 中国经济网
    ("gmw.cn", "state_media"),  # 光明网
    ("cnr.cn", "state_media"),  # 央广网
    ("youth.cn", "state_media"),  # 中国青年网
    ("jfdaily.com", "state_media"),  # 解放日报
    ("eastday.com", "state_media"),  # 东方网
    ("thepaper.cn", "state_media"),  # 澎湃新闻 (上海报业集团)
    ("hangzhou.com.cn", "state_media"),  # 杭州网 (杭州日报报业集团)
    ("zjol.com.cn", "state_media"),  # 浙江在线 (浙江日报报业集团)
)

# How a person reads each kind: "官方" only for a government site.
KIND_LABELS: dict[HostKind, str] = {
    "government": "政府网站（官方）",
    "state_media": "国有新闻媒体（非政府网站）",
    "other": "我们查阅的转载页（非官方网站）",
}


def host_kind(url: str) -> HostKind:
    """The kind of site ``url`` is on; ``other`` for an empty or unreadable url."""
    try:
        host = (urlsplit(url.strip()).hostname or "").rstrip(".").lower()
    except ValueError:
        return "other"
    for domain, kind in HOST_KINDS:
        if host == domain or host.endswith("." + domain):
            return kind
    return "other"
