//! zlib-identical deflate for small inputs (work in progress).
