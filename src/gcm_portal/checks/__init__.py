"""The editors' gate and the safety rules every text passes before readers see it."""
