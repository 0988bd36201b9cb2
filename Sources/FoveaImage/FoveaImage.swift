// FoveaImage — the image type every Fovea module shares, with its conventions and conversions.
@_exported import FoveaCore
