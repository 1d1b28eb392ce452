"""Planning over time: what-ifs, the projection and its chart, deadlines, calendar files."""
