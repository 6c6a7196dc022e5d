"""gcm-portal: multilingual, accessible static websites for migrants.

The library is used through its MkDocs plugin (``gcm_portal.adapter.plugin``) and its
command line (``gcm_portal.cli``); the modules below hold one concern each.
"""

from gcm_portal.errors import PortalError, Problem

__all__ = ["PortalError", "Problem", "__version__"]
__version__ = "0.1.0"
