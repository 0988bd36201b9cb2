import FoveaCore

/// Any failure reading or writing an image file: the path, and the typed error underneath (``PNGError``,
/// ``CodecError``, `FileIOError`...). Every codec entry point that takes a path throws this. It is FoveaCore's
/// `FileError`, the one path-plus-reason error every module uses, so a caller catches one type for any file.
public typealias ImageFileError = FileError
