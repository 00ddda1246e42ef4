"""Really signed PDFs to test against: a self-signed certificate, a detached CMS signature over
the /ByteRange (as Acrobat and pyHanko write it), optionally a DocMDP certification; and the
checks a signature validator makes of a file that was changed after signing."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pymupdf
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

SIGNER = "Accord test signer"
TEXT = (
    "The Sides intend to sign this Letter of Intent in two originals, in English and "
    "Japanese, both texts being equally authentic."
)
_ROOM = 8192
"""Bytes reserved for the CMS signature in /Contents (written as twice as many hex digits)."""
_PLACEHOLDER = b"[0 1000000000 1000000000 1000000000]"
_BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")


def make_signed_pdf(path: Path, *, certify: int | None = None) -> Path:
    """A one-page PDF with ``TEXT``, signed by ``SIGNER``; with ``certify``, the signature is
    a certification of that DocMDP level (1, 2 or 3)."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_textbox(pymupdf.Rect(72, 90, 523, 300), TEXT, fontsize=12)
    reference = ""
    if certify is not None:
        reference = (
            f"/Reference[<</Type/SigRef/TransformMethod/DocMDP/TransformParams"
            f"<</Type/TransformParams/P {certify}/V/1.2>>>>]"
        )
    signature = doc.get_new_xref()
    doc.update_object(
        signature,
        (
            "<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/adbe.pkcs7.detached"
            f"/ByteRange{_PLACEHOLDER.decode()}/Contents<{'0' * 2 * _ROOM}>"
            f"/M(D:20200526093000Z)/Name({SIGNER}){reference}>>"
        ),
    )
    field = doc.get_new_xref()
    doc.update_object(
        field,
        f"<</Type/Annot/Subtype/Widget/FT/Sig/T(Signature1)/V {signature} 0 R"
        f"/F 132/Rect[0 0 0 0]/P {page.xref} 0 R>>",
    )
    doc.xref_set_key(page.xref, "Annots", f"[{field} 0 R]")
    catalog = doc.pdf_catalog()
    doc.xref_set_key(catalog, "AcroForm", f"<</Fields[{field} 0 R]/SigFlags 3>>")
    if certify is not None:
        doc.xref_set_key(catalog, "Perms", f"<</DocMDP {signature} 0 R>>")
    data = bytearray(doc.tobytes())
    doc.close()
    path.write_bytes(_signed(data))
    return path


def _signed(data: bytearray) -> bytes:
    """Fill in /ByteRange (everything but the /Contents hex string) and sign those bytes."""
    contents = re.search(rb"/Contents\s*<(0+)>", data)
    placeholder = data.find(b"/ByteRange" + _PLACEHOLDER)
    assert contents is not None and placeholder >= 0, "the signature dictionary was rewritten"
    gap_start, gap_end = contents.start(1) - 1, contents.end(1) + 1
    byte_range = b"/ByteRange[0 %d %d %d]" % (gap_start, gap_end, len(data) - gap_end)
    width = len(b"/ByteRange" + _PLACEHOLDER)
    data[placeholder : placeholder + width] = byte_range.ljust(width)
    signed = bytes(data[:gap_start] + data[gap_end:])
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, SIGNER)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    cms = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(signed)
        .add_signer(certificate, key, hashes.SHA256())
        .sign(
            serialization.Encoding.DER,
            [
                pkcs7.PKCS7Options.DetachedSignature,
                pkcs7.PKCS7Options.Binary,
                pkcs7.PKCS7Options.NoCapabilities,
            ],
        )
    )
    data[contents.start(1) : contents.end(1)] = cms.hex().encode().ljust(2 * _ROOM, b"0")
    return bytes(data)


def signed_bytes_unchanged(original: bytes, written: bytes) -> bool:
    """Whether every byte the original's signature covers is in ``written`` where its
    /ByteRange says, with the same signature: then the digest, and so the signature, still
    verifies (what any validator computes first)."""
    found = _BYTE_RANGE.search(original)
    assert found is not None, "the original is not signed"
    a, b, c, d = (int(value) for value in found.groups())
    return written[a : a + b] == original[a : a + b] and written[c : c + d] == original[c : c + d]


def pdfsig_verdicts(path: Path) -> list[str] | None:
    """What poppler's ``pdfsig`` says of each signature ("Signature is Valid.", "Digest
    Mismatch.", ...); None where pdfsig is not installed."""
    if shutil.which("pdfsig") is None:
        return None
    result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60)
    return re.findall(r"Signature Validation: (.+)", result.stdout)
