import FoveaCodecs

extension ModelExport {
    /// The weights as a NumPy `.npz` archive: one C-order float32 array per tensor, named as in Fovea
    /// (`conv1.weight` [O, C/G, K, K], `dense1.bias` [O], `bn1.runningMean` [C]…), in model order, then
    /// `normalization.mean` and `normalization.std` [C] when the model standardises its inputs.
    ///
    /// The archive is a zip of `<name>.npy` entries (written by zlib's minizip), stored uncompressed as
    /// `numpy.savez` writes them, dated 1980-01-01 so the same model always gives the same bytes.
    ///
    /// - Throws: ``ExportError/encodingFailed(format:reason:)`` when the archive cannot be built.
    public func npzBytes() throws -> [UInt8] {
        var archive = ZipArchive()
        for parameter in model.parameters {
            let tensor = parameter.tensor
            let array = try NPYArray(shape: tensor.shape, storage: .float32(tensor.scalars))
            try archive.addFile(named: parameter.name + ".npy", contents: NPY.encode(array))
        }
        if let normalization {
            let channels = [normalization.mean.count]
            for (name, values) in [
                ("normalization.mean", normalization.mean), ("normalization.std", normalization.std),
            ] {
                let array = try NPYArray(shape: channels, storage: .float32(values))
                try archive.addFile(named: name + ".npy", contents: NPY.encode(array))
            }
        }
        return try archive.finish()
    }
}
