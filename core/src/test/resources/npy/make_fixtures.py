"""Writes the numpy-made .npy fixtures read by NpyTest. Run once from this directory:

    python3 make_fixtures.py

The files are committed; the tests do not need Python. The expected values are repeated in NpyTest.
"""
import numpy as np

# float32, C order, 2x3: -0.5, -0.25, ..., 0.75
np.save("c_f4_2x3.npy", (np.arange(6, dtype="<f4") * 0.25 - 0.5).reshape(2, 3))

# float32, Fortran order, 3x4: element (i, j) = 10*i + j
a = np.asfortranarray(np.fromfunction(lambda i, j: 10 * i + j, (3, 4), dtype="<f4"))
assert a.flags.f_contiguous and not a.flags.c_contiguous
np.save("fortran_f4_3x4.npy", a)

# big-endian float64, C order, 2x3x4: element (i, j, k) = 100*i + 10*j + k + 0.5
b = np.fromfunction(lambda i, j, k: 100 * i + 10 * j + k + 0.5, (2, 3, 4)).astype(">f8")
np.save("be_f8_2x3x4.npy", b)

# big-endian float64, Fortran order, 2x3x4: the same values
bf = np.asfortranarray(b)
assert bf.flags.f_contiguous and not bf.flags.c_contiguous
np.save("be_f8_fortran_2x3x4.npy", bf)

# int32 vector with the extreme values
np.save("i4_5.npy", np.array([-2147483648, -1, 0, 1, 2147483647], dtype="<i4"))

# bool 2x2
np.save("bool_2x2.npy", np.array([[True, False], [False, True]]))

# uint8 vector
np.save("u1_3.npy", np.array([0, 7, 255], dtype="u1"))

# float64 scalar (shape ())
np.save("scalar_f8.npy", np.array(np.pi))

# empty float32 vector
np.save("empty_f4.npy", np.zeros((0,), dtype="<f4"))

# float64 1x2 in format version 2.0
with open("v2_f8_1x2.npy", "wb") as f:
    np.lib.format.write_array(f, np.array([[1.5, -2.0]]), version=(2, 0))
