"""gcm-portal's own MkDocs theme, ``theme: {name: gcm}``: its templates and files are the
files of this folder (MkDocs finds it through the ``mkdocs.themes`` entry point)."""
