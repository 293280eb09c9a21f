"""What leaves the building: Word minutes, かわら版, progress reports,
action exports, join sheets, and the masking they share."""
