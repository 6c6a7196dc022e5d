"""What a build writes besides the pages, and how it is staged and made incremental."""
