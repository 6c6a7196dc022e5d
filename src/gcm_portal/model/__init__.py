"""The portal model: settings, languages, countries and pages, loaded and checked once."""
