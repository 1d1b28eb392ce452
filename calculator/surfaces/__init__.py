"""What people and programs touch: the JSON API (browser), the CLI, batch reports, text and
Markdown reports, share links."""
