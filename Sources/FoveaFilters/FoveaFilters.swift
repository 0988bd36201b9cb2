// FoveaFilters — Classic image filters: correlation/convolution with border modes, Gaussian, box, Sobel, Scharr, Prewitt, Laplacian, Canny, median.
@_exported import FoveaImage
