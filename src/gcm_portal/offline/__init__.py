"""Copies of the site for readers without internet: zip, ZIM, their manifests."""
