"""The letterhead logo an admin uploads: refused unless it is a real PNG or JPEG of a sensible size, then
stored re-encoded as PNG (so nothing but the pixels of the uploaded file reaches a report)."""

import hashlib
import io
import warnings

from PIL import Image, UnidentifiedImageError

from kesos.errors import ValidationError

MAX_BYTES = 1_000_000  # a letterhead logo is a few hundred KB at most
MIN_SIDE, MAX_SIDE = 32, 3000  # pixels: too small prints blurred; larger only costs memory
FIELD = "logo"
_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}


def _refuse(message: str):
    return ValidationError({FIELD: message})


def clean(content: bytes) -> tuple[bytes, str]:
    """(PNG bytes, their SHA-256) of an uploaded logo; ValidationError with an Indonesian message otherwise."""
    if not content:
        raise _refuse("Berkas logo kosong.")
    if len(content) > MAX_BYTES:
        raise _refuse(f"Logo terlalu besar ({len(content) / 1_000_000:.1f} MB). Ukuran paling besar 1 MB."
                      .replace(".", ",", 1))
    claimed = next((kind for signature, kind in _SIGNATURES.items() if content.startswith(signature)), None)
    if claimed is None:
        raise _refuse("Logo harus berupa gambar PNG atau JPEG.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as probe:  # reads the header only
                if probe.format != claimed:
                    raise _refuse("Logo harus berupa gambar PNG atau JPEG.")
                width, height = probe.size
                if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
                    raise _refuse(f"Ukuran logo {width} × {height} piksel. Sisi logo harus antara {MIN_SIDE} dan "
                                  f"{MAX_SIDE} piksel.")
                probe.verify()  # the chunks' checksums and structure
            with Image.open(io.BytesIO(content)) as image:
                image.load()  # every pixel decodes: a truncated or doctored body is refused here
                image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P", "PA") else "RGB")
                out = io.BytesIO()
                image.save(out, format="PNG", optimize=True)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):  # claims millions of pixels
        raise _refuse(f"Ukuran logo terlalu besar dalam piksel. Sisi logo harus antara {MIN_SIDE} dan "
                      f"{MAX_SIDE} piksel.") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _refuse("Berkas logo rusak atau bukan gambar yang utuh.") from None
    png = out.getvalue()
    return png, hashlib.sha256(png).hexdigest()
