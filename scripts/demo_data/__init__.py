"""Helpers of ``scripts/make_demo_data.py``: a deterministic synthetic county, in pieces.

geometry -> county, villages and an exact parcel tessellation (shapely 2, vectorised)
classes  -> land classes and the DLTB attributes of both years
defects  -> the planted defects and the ``defects.json`` sidecar
writer   -> the GeoPackage, written with OGR in one transaction per layer
imagery  -> ``dom.tif``; photos -> EXIF evidence photos; project -> ``county.qgs``
"""
