"""The rule engine: declarative rules from the profile run over a snapshot of the layers.

Pure domain code (numpy, shapely, no Qt): the results dock, the Processing algorithm and
the parcel dock all feed it a ``Dataset`` and read back ``Finding`` rows.
"""
