"""Starting a portal and adding countries, pages and languages to it."""
