"""Practice kits ("Bộ tài liệu thực hành", issue #21): every file an exercise names, made at build
time. Plain Python, no MkDocs.

An exercise lists its files in `kit:` (Vietnamese file only; every language's kit has the same file
names, the documents in its language). `GENERATORS` maps each name (or glob pattern) to the function
that makes it; a name with no generator is a build error naming the exercise file and line. The texts
of the documents are data: curriculum/kits.yml (+ kits.<lang>.yml). The kits are written to
site/download/kits/<module>-<lang>.zip, one per module and language, and stay out of the offline zips.

Reproducible: keys are derived from fixed seeds, every time comes from SOURCE_DATE_EPOCH (xaso.zip),
ECDSA signatures are deterministic (RFC 6979), PDF ids fixed and the .p12 salts derived from their
label, so two builds give byte-identical kits. Making them costs a few seconds (in a worker process,
while the pages are built); they are cached by a hash of their inputs (XASO_KIT_CACHE), so a
rebuild only copies them.
"""

from __future__ import annotations

import dataclasses
import datetime
import fnmatch
import hashlib
import html
import io
import json
import os
import shutil
import time
import unicodedata
import zipfile
from importlib.metadata import version
from pathlib import Path

from . import zip as _zip
from .course import CURRICULUM, SOURCE_LANGUAGE, Course, translation_path
from .data import Problem, load_checked, load_yaml, rel
from .paths import ROOT

KITS_DIR = "download/kits"
CACHE = Path(os.environ.get("XASO_KIT_CACHE") or ROOT / ".cache" / "kits")
TEXTS = CURRICULUM / "kits.yml"
MARK_EN = "TRAINING – NO LEGAL VALUE"
MARK_VI = "TẬP HUẤN – KHÔNG CÓ GIÁ TRỊ"
TRAINEES = 20          # hoc-vien-01.p12 … hoc-vien-20.p12
SIGN_FIELD = "ChuKySo"


def kit_name(module_id: str, lang: str) -> str:
    return f"{module_id}-{lang}.zip"


# ---- what the exercises ask for ---------------------------------------------------------------------

def kits(course: Course) -> dict[str, list[str]]:
    """module id -> the kit's file names (or patterns), in exercise order, each once."""
    out: dict[str, list[str]] = {}
    for ex in course.exercises.values():
        src = ex[SOURCE_LANGUAGE]
        for name in src.get("kit", []):
            names = out.setdefault(src["module"], [])
            if name not in names:
                names.append(name)
    return out


def generator_for(name: str, texts: dict | None = None):
    """The function that makes kit file `name`: from GENERATORS, or `documents` for a document
    written as data in kits.yml (`texts`: the Vietnamese kit texts)."""
    if texts and name in texts.get("documents", {}):
        return documents
    return GENERATORS.get(name) or next((g for pattern, g in GENERATORS.items() if fnmatch.fnmatchcase(name, pattern)), None)


def load_texts(course: Course, problems: list[Problem]) -> dict:
    """lang -> the kit texts (curriculum/kits.yml, its translations), checked against their schema."""
    texts = {}
    for lang in course.languages:
        path = translation_path(TEXTS, lang)
        if not path.exists():
            if lang != SOURCE_LANGUAGE and lang in course.partial:
                continue
            problems.append(Problem(rel(path), None, "file is missing",
                                    f"create it (copy {TEXTS.name} and translate it; schema: curriculum/schema/kits.schema.json)"))
            continue
        doc = load_checked(path, "kits.schema.json", problems)
        if doc is not None:
            texts[lang] = {k: v for k, v in doc.data.items() if k != "translated_from"}
    if SOURCE_LANGUAGE in texts:
        for lang in course.languages:
            texts.setdefault(lang, texts[SOURCE_LANGUAGE])
        src = texts[SOURCE_LANGUAGE]
        for lang, data in texts.items():
            if set(data.get("documents", {})) != set(src.get("documents", {})):
                problems.append(Problem(rel(translation_path(TEXTS, lang)), None,
                                        f"documents differ from {TEXTS.name}: {sorted(set(data.get('documents', {})) ^ set(src.get('documents', {})))}",
                                        "translate every document under the same file name"))
            if len(data["c2"]["cards"]) != len(src["c2"]["cards"]):
                problems.append(Problem(rel(translation_path(TEXTS, lang)), None,
                                        f"{len(data['c2']['cards'])} scam cards, but {TEXTS.name} has {len(src['c2']['cards'])}",
                                        "translate every card, in the same order"))
    return texts


def check(course: Course) -> list[Problem]:
    """Every kit file an exercise names has a generator, and a line in kits.yml `files:`."""
    problems: list[Problem] = []
    texts = load_texts(course, problems)
    described = texts.get(SOURCE_LANGUAGE, {}).get("files", {})
    for ex_id, ex in course.exercises.items():
        files = course.exercise_files[ex_id]
        for lang, data in ex.items():   # a language not translated yet shows the Vietnamese file: not a translation
            if files.get(lang, files[SOURCE_LANGUAGE]) != files[SOURCE_LANGUAGE] and "kit" in data:
                problems.append(load_yaml(ROOT / files[lang]).problem(
                    ("kit",), "a translation lists kit files", "remove `kit:` here: the Vietnamese file names the kit for every language"))
        names = ex[SOURCE_LANGUAGE].get("kit", [])
        if not names:
            continue
        path = ROOT / course.exercise_files[ex_id][SOURCE_LANGUAGE]
        doc = None
        for index, name in enumerate(names):
            fix = None
            if generator_for(name, texts.get(SOURCE_LANGUAGE)) is None:
                fix = (f"no generator makes '{name}'", "use one of the kit files "
                       f"({', '.join(sorted(GENERATORS))}), describe a document under `documents:` in "
                       f"{rel(TEXTS)}, or add a generator to GENERATORS in xaso/kits.py")
            elif TEXTS.exists() and name not in described:
                fix = (f"kit file '{name}' has no description", f"add it under `files:` in {rel(TEXTS)}")
            if fix:
                doc = doc or load_yaml(path)
                problems.append(doc.problem(("kit", index), *fix))
    return problems


# ---- the training PKI -------------------------------------------------------------------------------

def _times(epoch: int) -> dict:
    now = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).replace(microsecond=0)
    day = datetime.timedelta(days=1)
    return {"sign": now, "root": (now - 400 * day, now + 3650 * day), "trainee": (now - 30 * day, now + 1095 * day),
            "expired": (now - 400 * day, now - 30 * day)}


def _key(label: str):
    from cryptography.hazmat.primitives.asymmetric import ec

    seed = int.from_bytes(hashlib.sha256(f"xa-so training key (no legal value): {label}".encode()).digest(), "big")
    order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551  # P-256
    return ec.derive_private_key(seed % (order - 1) + 1, ec.SECP256R1())


def _name(common: str):
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, f"{MARK_VI} / {MARK_EN}"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _cert(subject: str, key, issuer, issuer_key, valid: tuple, serial: int, ca: bool):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    builder = (x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(issuer)
               .public_key(key.public_key()).serial_number(serial)
               .not_valid_before(valid[0]).not_valid_after(valid[1])
               .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=not ca, content_commitment=not ca, key_encipherment=False,
                                            data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                                            encipher_only=False, decipher_only=False), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
    if not ca:
        builder = builder.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
    return builder.sign(issuer_key, hashes.SHA256(), ecdsa_deterministic=True)


def pki(c4: dict, epoch: int) -> dict:
    """The training root CA, the invitation's signer (valid and expired) and the trainees."""
    t = _times(epoch)
    root_key = _key("root")
    root_name = _name(c4["ca_name"])
    root = _cert(c4["ca_name"], root_key, root_name, root_key, t["root"], 1, ca=True)
    signer = c4["invitation"]["signer_name"]
    made = {"root": (root, root_key)}
    made["signer"] = (_cert(signer, _key("signer"), root_name, root_key, t["trainee"], 2, ca=False), _key("signer"))
    made["expired"] = (_cert(signer, _key("expired"), root_name, root_key, t["expired"], 3, ca=False), _key("expired"))
    for n in range(1, TRAINEES + 1):
        made[f"trainee{n:02d}"] = (_cert(f"{c4['trainee_name']} {n:02d}", _key(f"trainee{n:02d}"), root_name, root_key,
                                         t["trainee"], 100 + n, ca=False), _key(f"trainee{n:02d}"))
    return made


def _pem(cert) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return cert.public_bytes(serialization.Encoding.PEM)


P12_ITERATIONS = 2048   # what OpenSSL 3 writes by default


def _pkcs12_kdf(password: bytes, salt: bytes, purpose: int, iterations: int, size: int) -> bytes:
    """RFC 7292 appendix B.2 with SHA-256 (the MAC key of a PKCS#12 file)."""
    u, v = 32, 64
    d = bytes([purpose]) * v

    def stretch(data: bytes) -> bytes:   # copies of `data` up to a whole number of v-byte blocks
        size = v * -(-len(data) // v)
        return (data * (size // len(data) + 1))[:size] if data else b""

    i = stretch(salt) + stretch(password)
    out = b""
    while len(out) < size:
        a = hashlib.sha256(d + i).digest()
        for _ in range(iterations - 1):
            a = hashlib.sha256(a).digest()
        out += a
        b = int.from_bytes((a * (v // u + 1))[:v], "big")
        i = b"".join(((int.from_bytes(i[k:k + v], "big") + b + 1) % (1 << (8 * v))).to_bytes(v, "big") for k in range(0, len(i), v))
    return out[:size]


def _p12(label: str, cert, key, root, password: str) -> bytes:
    """A PKCS#12 file as OpenSSL 3 writes one (key under PBES2: PBKDF2-HMAC-SHA256 + AES-256-CBC,
    HMAC-SHA256 integrity), but with salts and IV derived from the label: the same bytes every build
    (OpenSSL would draw them at random)."""
    from asn1crypto import algos, cms, keys, pkcs12, x509
    from cryptography.hazmat.primitives import hashes, hmac, padding, serialization
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    seed = lambda what: hashlib.sha256(f"{label}/{what}".encode("utf-8")).digest()  # noqa: E731
    der = serialization.Encoding.DER
    salt, iv, mac_salt = seed("key salt")[:16], seed("iv")[:16], seed("mac salt")[:16]
    secret = PBKDF2HMAC(hashes.SHA256(), 32, salt, P12_ITERATIONS).derive(password.encode("utf-8"))
    padder = padding.PKCS7(128).padder()
    plain = padder.update(key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())) + padder.finalize()
    encryptor = Cipher(algorithms.AES(secret), modes.CBC(iv)).encryptor()
    shrouded = keys.EncryptedPrivateKeyInfo({
        "encryption_algorithm": {"algorithm": "pbes2", "parameters": algos.Pbes2Params({
            "key_derivation_func": {"algorithm": "pbkdf2", "parameters": {
                "salt": algos.Pbkdf2Salt(name="specified", value=salt), "iteration_count": P12_ITERATIONS, "prf": {"algorithm": "sha256"}}},
            "encryption_scheme": {"algorithm": "aes256_cbc", "parameters": iv}})},
        "encrypted_data": encryptor.update(plain) + encryptor.finalize()})
    key_id = hashlib.sha1(cert.public_bytes(der)).digest()
    attributes = [{"type": "friendly_name", "values": [label]}, {"type": "local_key_id", "values": [key_id]}]
    certs = pkcs12.SafeContents([
        {"bag_id": "cert_bag", "bag_value": {"cert_id": "x509", "cert_value": x509.Certificate.load(cert.public_bytes(der))}, "bag_attributes": attributes},
        {"bag_id": "cert_bag", "bag_value": {"cert_id": "x509", "cert_value": x509.Certificate.load(root.public_bytes(der))}}])
    key_bag = pkcs12.SafeContents([{"bag_id": "pkcs8_shrouded_key_bag", "bag_value": shrouded, "bag_attributes": attributes}])
    safe = pkcs12.AuthenticatedSafe([cms.ContentInfo({"content_type": "data", "content": certs.dump()}),
                                     cms.ContentInfo({"content_type": "data", "content": key_bag.dump()})]).dump()
    bmp = (password + "\0").encode("utf-16-be")
    mac = hmac.HMAC(_pkcs12_kdf(bmp, mac_salt, 3, P12_ITERATIONS, 32), hashes.SHA256())
    mac.update(safe)
    return pkcs12.Pfx({"version": "v3", "auth_safe": {"content_type": "data", "content": safe},
                       "mac_data": {"mac": {"digest_algorithm": {"algorithm": "sha256"}, "digest": mac.finalize()},
                                    "mac_salt": mac_salt, "iterations": P12_ITERATIONS}}).dump()


# ---- signing with pyHanko ---------------------------------------------------------------------------

def sign_pdf(pdf: bytes, cert, key, root, when: datetime.datetime, label: str) -> bytes:
    """`pdf` signed (invisible signature, PAdES baseline B), at the fixed time `when`, reproducibly."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import get_pyca_cryptography_hash
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    class DeterministicSigner(signers.SimpleSigner):
        async def async_sign_raw(self, data, digest_algorithm, dry_run=False):
            return key.sign(data, ec.ECDSA(get_pyca_cryptography_hash(digest_algorithm), deterministic_signing=True))

    class FixedTimePdfSigner(signers.PdfSigner):
        def init_signing_session(self, pdf_out, existing_fields_only=False):
            session = super().init_signing_session(pdf_out, existing_fields_only)
            session.system_time = when
            return session

    der = serialization.Encoding.DER
    asn1_cert = asn1_x509.Certificate.load(cert.public_bytes(der))
    asn1_root = asn1_x509.Certificate.load(root.public_bytes(der))
    asn1_key = asn1_keys.PrivateKeyInfo.load(key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    signer = DeterministicSigner(signing_cert=asn1_cert, signing_key=asn1_key,
                                 cert_registry=SimpleCertificateStore.from_certs([asn1_root]))
    writer = _writer(pdf, when, label)
    meta = signers.PdfSignatureMetadata(field_name=SIGN_FIELD, md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES)
    out = io.BytesIO()
    FixedTimePdfSigner(meta, signer, new_field_spec=fields.SigFieldSpec(SIGN_FIELD)).sign_pdf(writer, output=out)
    return out.getvalue()


def _writer(pdf: bytes, when: datetime.datetime, label: str):
    """An incremental-update writer whose new file id and modification date are fixed (pyHanko
    would use random bytes and the clock)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    from pyhanko.pdf_utils.metadata.model import DocumentMetadata

    class FixedDate(DocumentMetadata):
        """pyHanko sets last_modified to "now" (Info and XMP) just before writing: keep `when`."""
        last_modified = property(lambda self: when, lambda self, value: None)

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    writer._meta = FixedDate(**{f.name: getattr(writer._meta, f.name) for f in dataclasses.fields(writer._meta)
                                if f.name != "last_modified"})
    try:
        first = writer.prev.trailer["/ID"][0]
        first = generic.ByteStringObject(first.original_bytes if hasattr(first, "original_bytes") else bytes(first))
    except KeyError:   # WeasyPrint writes no /ID
        first = generic.ByteStringObject(hashlib.sha256(pdf).digest()[:16])
    writer._document_id = generic.ArrayObject([first, generic.ByteStringObject(hashlib.sha256(label.encode()).digest()[:16])])
    return writer


def tamper(signed: bytes, old: str, new: str, when: datetime.datetime) -> bytes:
    """An incremental update after the signature: the text `old` on page 1 is covered by `new`
    (what a forger would do to a meeting time). The signed revision stays in the file."""
    from pypdf import PdfReader
    from pyhanko.pdf_utils import generic

    where = []

    def visit(text, cm, tm, font, size):
        if text.strip() == old and not where:
            x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
            where.append((x, y, (size * tm[3] * cm[3]) or size))

    PdfReader(io.BytesIO(signed)).pages[0].extract_text(visitor_text=visit)
    if not where:
        raise ValueError(f"'{old}' is not a text run of its own on page 1")
    x, y, size = where[0]
    size = abs(size)
    writer = _writer(signed, when, "tampered")
    # the page's own content leaves its coordinate system changed: wrap it in q … Q first
    writer.add_stream_to_page(0, writer.add_object(generic.StreamObject(stream_data=b"q\n")), prepend=True)
    content = (f"Q q 1 1 1 rg {x - 1:.2f} {y - size * 0.3:.2f} {size * 2.62:.2f} {size * 1.3:.2f} re f "
               f"0 0 0 rg BT /XaForged {size:.2f} Tf {x:.2f} {y:.2f} Td ({new}) Tj ET Q").encode("ascii")
    stream = writer.add_object(generic.StreamObject(stream_data=content))
    font = generic.DictionaryObject({generic.NameObject("/Type"): generic.NameObject("/Font"),
                                     generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
                                     generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica-Bold")})
    writer.add_stream_to_page(0, stream, resources=generic.DictionaryObject(
        {generic.NameObject("/Font"): generic.DictionaryObject({generic.NameObject("/XaForged"): writer.add_object(font)})}))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# ---- printable documents (WeasyPrint) ---------------------------------------------------------------

KIT_CSS = """
@page { size: A4; margin: 16mm 16mm 18mm;
  @top-center { content: "%(mark)s"; font: 700 9pt "Noto Sans"; color: #b00020; }
  @bottom-center { content: "%(mark)s · %(fictional)s"; font: 7.5pt "Noto Sans"; color: #555; } }
body { font: 11pt/1.45 "Noto Sans", sans-serif; color: #000; }
h1 { font-size: 15pt; text-align: center; margin: 4mm 0; }
.mark { border: 2pt solid #b00020; color: #b00020; font-weight: 700; text-align: center; padding: 2mm; margin: 0 0 5mm; }
.head { width: 100%; font-size: 10pt; } .head td { border: 0; text-align: center; width: 50%; padding: 0; }
.head b { display: block; }
.time { font-size: 13pt; font-weight: 700; }
.hh { display: inline-block; }  /* its own text run: file B's forger finds it there */
.sign { margin: 12mm 0 0 auto; width: 80mm; text-align: center; }
.cards::after { content: ""; display: block; clear: both; }
.card { float: left; margin: 0 4mm 4mm 0; width: 82mm; height: 56mm; box-sizing: border-box; border: 1pt dashed #444; padding: 3mm 4mm; break-inside: avoid;
  font-size: 10pt; position: relative; }
.card h2 { font-size: 11pt; margin: 0 0 2mm; }
.card .m { position: absolute; bottom: 2mm; left: 4mm; font-size: 7pt; color: #b00020; font-weight: 700; }
.card.step { height: 36mm; font-size: 16pt; font-weight: 700; text-align: center; padding-top: 14mm; }
table { border-collapse: collapse; width: 100%; } td, th { border: 1pt solid #444; padding: 2mm; vertical-align: top; }
.sheet td { height: 95mm; }
.page { break-before: page; }
"""


def _esc(text) -> str:
    return html.escape(str(text))


def _document(lang: str, title: str, texts: dict, body: str, epoch: int) -> str:
    from .pdf import html_document, script_css

    created = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    css = KIT_CSS.replace("%(mark)s", texts["mark"].replace('"', '\\"')).replace("%(fictional)s", texts["fictional"].replace('"', '\\"'))
    return html_document(lang=lang, title=f'{title} — {texts["mark"]}', created=created, style=css + script_css(lang),
                         body=f'<p class="mark">{_esc(texts["mark"])}</p>{body}')


def _pdf(doc: str) -> bytes:
    """Rendered like the course's PDFs (xaso.pdf: tagged PDF/UA-1, the project's fonts)."""
    from .pdf import layout, write

    out = io.BytesIO()
    write(layout(unicodedata.normalize("NFC", doc), ROOT.as_uri() + "/"), out)
    return out.getvalue()


def _dated(invitation: dict, epoch: int, lang: str) -> dict:
    """{date} is the signing day (the build's SOURCE_DATE_EPOCH), {meeting_date} a week later."""
    from .render import date_text

    day = _times(epoch)["sign"].date()
    words = {"{date}": date_text(day.isoformat(), lang), "{meeting_date}": date_text((day + datetime.timedelta(days=7)).isoformat(), lang)}
    out = {}
    for key, value in invitation.items():
        for placeholder, text in words.items():
            value = value.replace(placeholder, text) if isinstance(value, str) else value
        out[key] = value
    return out


def invitation_pdf(ctx: dict) -> dict[str, bytes]:
    texts, lang = ctx["texts"], ctx["lang"]
    inv = _dated(texts["c4"]["invitation"], ctx["epoch"], lang)
    body = (f'<table class="head"><tr><td><b>{_esc(inv["authority"])}</b>{_esc(inv["number"])}</td>'
            f'<td><b>{_esc(inv["motto"])}</b>{_esc(inv["motto_sub"])}<br><i>{_esc(inv["place_date"])}</i></td></tr></table>'
            f'<h1>{_esc(inv["title"])}</h1><p style="text-align:center"><b>{_esc(inv["subject"])}</b></p>'
            f'<p>{_esc(inv["to"])}</p>' + "".join(f"<p>{_esc(p)}</p>" for p in inv["body"][:1])
            + f'<p class="time">{_esc(inv["time_label"])} <span class="hh">{_esc(inv["time"])}</span>, {_esc(inv["day"])}.</p>'
            + "".join(f"<p>{_esc(p)}</p>" for p in inv["body"][1:])
            + f'<div class="sign"><b>{_esc(inv["signer_title"])}</b><br><br><br>{_esc(inv["signer_name"])}</div>')
    return {"giay-moi-hop-gia-dinh.pdf": _pdf(_document(lang, inv["title"], texts, body, ctx["epoch"]))}


def signed_samples(ctx: dict) -> dict[str, bytes]:
    """tep-mau-A.pdf (valid), B (changed after signing), C (signed with an expired certificate)."""
    invitation = ctx.get("made", {}).get("giay-moi-hop-gia-dinh.pdf") or invitation_pdf(ctx)["giay-moi-hop-gia-dinh.pdf"]
    made, when, inv = ctx["pki"], _times(ctx["epoch"])["sign"], ctx["texts"]["c4"]["invitation"]
    root = made["root"][0]
    a = sign_pdf(invitation, *made["signer"], root, when, f"A-{ctx['lang']}")
    return {"tep-mau-A.pdf": a, "tep-mau-B.pdf": tamper(a, inv["time"], inv["time_tampered"], when + datetime.timedelta(hours=1)),
            "tep-mau-C.pdf": sign_pdf(invitation, *made["expired"], root, when, f"C-{ctx['lang']}")}


def root_certificate(ctx: dict) -> dict[str, bytes]:
    return {"chung-thu-goc-tap-huan.crt": _pem(ctx["pki"]["root"][0])}


def expired_certificate(ctx: dict) -> dict[str, bytes]:
    return {"chung-thu-het-han.crt": _pem(ctx["pki"]["expired"][0])}


def trainee_p12s(ctx: dict) -> dict[str, bytes]:
    c4, made = ctx["texts"]["c4"], ctx["pki"]
    return {f"hoc-vien-{n:02d}.p12": _p12(f"{c4['trainee_name']} {n:02d}", *made[f"trainee{n:02d}"], made["root"][0], c4["p12_password"])
            for n in range(1, TRAINEES + 1)}


def scam_cards(ctx: dict) -> dict[str, bytes]:
    """The 10 cards to print and cut, and the three-column sheet; never the answers."""
    c2 = ctx["texts"]["c2"]
    cards = "".join(f'<div class="card"><h2>{_esc(c2["card"])} {n} · {_esc(card["kind"])}</h2><p>{_esc(card["text"])}</p>'
                    f'<span class="m">{_esc(ctx["texts"]["mark"])}</span></div>' for n, card in enumerate(c2["cards"], start=1))
    sheet = (f'<h1 class="page">{_esc(c2["sheet_title"])}</h1><p>{_esc(c2["sheet_note"])}</p><table class="sheet"><tr>'
             + "".join(f"<th>{_esc(c)}</th>" for c in c2["columns"]) + "</tr><tr>" + "<td></td>" * len(c2["columns"]) + "</tr></table>")
    body = f'<h1>{_esc(c2["title"])}</h1><div class="cards">{cards}</div>{sheet}'
    return {"the-tinh-huong-lua-dao.pdf": _pdf(_document(ctx["lang"], c2["title"], ctx["texts"], body, ctx["epoch"]))}


def dossier_steps(ctx: dict) -> dict[str, bytes]:
    c5 = ctx["texts"]["c5"]
    cards = "".join(f'<div class="card step">{_esc(step)}<span class="m">{_esc(ctx["texts"]["mark"])}</span></div>' for step in c5["steps"])
    body = f'<h1>{_esc(c5["cards_title"])}</h1><div class="cards">{cards}</div>'
    return {"the-buoc-vong-doi-ho-so.pdf": _pdf(_document(ctx["lang"], c5["cards_title"], ctx["texts"], body, ctx["epoch"]))}


def dossier(ctx: dict) -> dict[str, bytes]:
    c5 = ctx["texts"]["c5"]
    rows = "".join(f"<tr><th>{_esc(k)}</th><td>{_esc(v)}</td></tr>" for k, v in c5["fields"])
    body = (f'<p>{_esc(c5["form_to"])}</p><h1>{_esc(c5["form_title"])}</h1><table>{rows}</table>'
            f'<p>{_esc(c5["attached"])}</p><ul>' + "".join(f"<li>{_esc(a)}</li>" for a in c5["attachments"]) + "</ul>"
            f'<div class="sign">{_esc(c5["signature"])}<br><br><br>{_esc(c5["applicant"])}</div>'
            f'<h1 class="page">{_esc(c5["id_title"])}</h1><div class="card" style="width:100mm">'
            + "".join(f"<p>{_esc(line)}</p>" for line in c5["id_lines"]) + f'<span class="m">{_esc(ctx["texts"]["mark"])}</span></div>')
    return {"ho-so-giay-nguyen-van-an.pdf": _pdf(_document(ctx["lang"], c5["dossier_title"], ctx["texts"], body, ctx["epoch"]))}


def documents(ctx: dict) -> dict[str, bytes]:
    """The simple printable documents written as data (kits.yml `documents:`: a title and blocks of
    paragraphs, headings, lists and tables); only those this kit names."""
    out = {}
    for name, doc in ctx["texts"].get("documents", {}).items():
        if name not in ctx["names"]:
            continue
        body = [f'<h1>{_esc(doc["title"])}</h1>']
        for block in doc["blocks"]:
            kind, value = next(iter(block.items()))
            body.append({"p": lambda v: f"<p>{_esc(v)}</p>", "h": lambda v: f"<h2>{_esc(v)}</h2>",
                         "small": lambda v: f'<p style="font-size: 6pt">{_esc(v)}</p>',
                         "page": lambda v: f'<h2 class="page">{_esc(v)}</h2>',
                         "seal": lambda v: '<div style="margin: 6mm 0 0 auto; width: 38mm; height: 38mm; border: 2.5pt solid #c8101f; '
                                           'border-radius: 50%; color: #c8101f; font-weight: 700; font-size: 9pt; text-align: center; '
                                           f'box-sizing: border-box; padding-top: 13mm; transform: rotate(-12deg)">{_esc(v)}</div>',
                         "idcard": lambda v: '<div class="card" style="float: none; width: 100mm; height: auto; border-style: solid">'
                                             + "".join(f"<p>{_esc(line)}</p>" for line in v) + "</div>",
                         "chat": lambda v: "".join(f'<p style="border: 1pt solid #999; border-radius: 3mm; padding: 2mm 3mm; margin: 2mm 0; '
                                                   f'max-width: 140mm; background: #eef4ff"><b>{_esc(who)}:</b> {_esc(text)}</p>' for who, text in v),
                         "pre": lambda v: f'<pre style="font: 8.5pt/1.3 \'Noto Sans Mono\', monospace; border: 1pt solid #444; padding: 2mm; white-space: pre-wrap">{_esc(v)}</pre>',
                         "list": lambda v: "<ul>" + "".join(f"<li>{_esc(i)}</li>" for i in v) + "</ul>",
                         "table": lambda v: "<table>" + "".join("<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in row) + "</tr>" for row in v)
                         + "</table>"}[kind](value))
        out[name] = _pdf(_document(ctx["lang"], doc["title"], ctx["texts"], "".join(body), ctx["epoch"]))
    return out


def stamp_png(ctx: dict) -> dict[str, bytes]:
    """A red round training seal, "MẪU TẬP HUẤN" in the middle, for the signature-image exercise."""
    from PIL import Image, ImageDraw, ImageFont

    from .pdf import FONT_FACES, NODE_MODULES

    bold = NODE_MODULES / next(f for family, weight, style, f in FONT_FACES if weight == 700 and style == "normal")
    size, red = 600, (200, 16, 32, 255)
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, size - 10, size - 10), outline=red, width=14)
    draw.ellipse((60, 60, size - 60, size - 60), outline=red, width=5)
    lines = [(ctx["texts"]["stamp"]["center"], 60, 0.7), (ctx["texts"]["mark"], 26, 0.66), (ctx["texts"]["stamp"]["place"], 28, 0.58)]
    y = size // 2 - 90
    for text, points, room in lines:
        while draw.textlength(text, font=ImageFont.truetype(str(bold), points)) > room * size:   # fit inside the ring
            points -= 1
        font = ImageFont.truetype(str(bold), points)
        draw.text(((size - draw.textlength(text, font=font)) / 2, y), text, font=font, fill=red)
        y += points + 40
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_itxt("Comment", f'{ctx["texts"]["mark"]} · {ctx["texts"]["fictional"]}')
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True, pnginfo=info)
    return {"con-dau-tap-huan.png": out.getvalue()}


def _xlsx(sheet_name: str, title: str, rows: list[list[str]], epoch: int) -> bytes:
    """A minimal Office Open XML workbook: one sheet, every cell text (so an ID keeps its leading 0,
    or lacks it where the exercise planted that error), the header row frozen; reproducible."""
    from xml.sax.saxutils import escape, quoteattr

    def column(index: int) -> str:
        return chr(ord("A") + index)

    bold = ' s="1"'   # the header row
    cells = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{column(c)}{r}" t="inlineStr"{bold if r == 1 else ""}>'
                                   f'<is><t xml:space="preserve">{escape(str(value))}</t></is></c>' for c, value in enumerate(row))
        + "</row>" for r, row in enumerate(rows, start=1))
    widths = "".join(f'<col min="{c + 1}" max="{c + 1}" width="{min(60, max(10, max(len(str(row[c])) for row in rows) + 2))}" customWidth="1"/>'
                     for c in range(len(rows[0])))
    when = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>',
        "docProps/core.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f'<dc:title>{escape(title)}</dc:title><dc:creator>Xã Số</dc:creator>'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created></cp:coreProperties>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook {ns} xmlns:r="{rel}">'
        f'<sheets><sheet name={quoteattr(sheet_name[:31])} sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet {ns}>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {ns}>'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        f'<cols>{widths}</cols><sheetData>{cells}</sheetData></worksheet>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():   # [Content_Types].xml first, as Office writes it
            info = zipfile.ZipInfo(name, date_time=_zip.zip_date())
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return out.getvalue()


def spreadsheet(ctx: dict) -> dict[str, bytes]:
    """E8's list of older people with planted errors (kits.yml `e8:`; the answers only in the guide)."""
    e8 = ctx["texts"]["e8"]
    return {e8["file"]: _xlsx(ctx["texts"]["mark"], f'{e8["file"]} — {ctx["texts"]["mark"]}', [e8["columns"], *e8["rows"]], ctx["epoch"])}


# A kit file name (or glob pattern) -> the function that makes it (and perhaps its siblings). A name
# in kits.yml `documents:` is made by `documents` (see generator_for).
GENERATORS = {
    "giay-moi-hop-gia-dinh.pdf": invitation_pdf,
    "tep-mau-A.pdf": signed_samples,
    "tep-mau-B.pdf": signed_samples,
    "tep-mau-C.pdf": signed_samples,
    "chung-thu-goc-tap-huan.crt": root_certificate,
    "chung-thu-het-han.crt": expired_certificate,
    "hoc-vien-*.p12": trainee_p12s,
    "the-tinh-huong-lua-dao.pdf": scam_cards,
    "the-buoc-vong-doi-ho-so.pdf": dossier_steps,
    "ho-so-giay-nguyen-van-an.pdf": dossier,
    "con-dau-tap-huan.png": stamp_png,
    "danh-sach-nguoi-cao-tuoi-ban-moi.xlsx": spreadsheet,
}


def readme(names: dict[str, bytes], texts: dict) -> bytes:
    lines = [texts["mark"], MARK_EN if texts["mark"] != MARK_EN else MARK_VI, "", texts["fictional"], "", texts["guide_title"] + ":"]
    for name in sorted(names):
        about = texts["files"].get(name) or next((v for k, v in texts["files"].items() if fnmatch.fnmatchcase(name, k)), "")
        lines.append(f"- {name}: {about}")
    return ("\n".join(lines) + "\n").encode("utf-8")


# ---- the run's job ----------------------------------------------------------------------------------

def plan(course: Course, texts: dict) -> dict:
    """Everything the kits are made from (plain data: it goes to a worker process and into the cache key)."""
    return {"kits": kits(course), "texts": texts, "languages": list(course.languages),
            "epoch": int(os.environ.get("SOURCE_DATE_EPOCH") or _zip.DEFAULT_EPOCH)}


def cache_key(the_plan: dict) -> str:
    from .pdf import font_digest

    digest = hashlib.sha256(json.dumps(the_plan, sort_keys=True, ensure_ascii=False).encode())
    for part in (Path(__file__).read_bytes(), version("pyhanko").encode(), version("cryptography").encode(),
                 version("weasyprint").encode(), font_digest().encode()):
        digest.update(part)
    return digest.hexdigest()[:24]


def cached(the_plan: dict) -> dict | None:
    """The kits made before from the same inputs, or None."""
    folder = CACHE / cache_key(the_plan)
    done = folder / "sizes.json"
    if not done.exists():
        return None
    return {"folder": str(folder), "sizes": json.loads(done.read_text()), "cached": True, "seconds": 0.0}


def make(the_plan: dict) -> dict:
    """Worker: every kit zip into the cache folder (unless there already). Returns {zip name: size},
    seconds and whether it was cached."""
    start = time.monotonic()
    folder = CACHE / cache_key(the_plan)
    hit = cached(the_plan)
    if hit:
        return hit
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(the_plan["epoch"]))
    tmp = folder.with_name(folder.name + f".{os.getpid()}.tmp")
    tmp.mkdir(parents=True, exist_ok=True)
    source = the_plan["texts"][SOURCE_LANGUAGE]
    made_pki = pki(source["c4"], the_plan["epoch"]) if any(
        generator_for(n, source) in NEEDS_PKI for names in the_plan["kits"].values() for n in names) else {}
    sizes = {}
    for lang in the_plan["languages"]:
        for module_id, names in sorted(the_plan["kits"].items()):
            ctx = {"lang": lang, "texts": the_plan["texts"][lang], "epoch": the_plan["epoch"], "pki": made_pki, "made": {},
                   "names": names}
            wanted = {generator_for(n, source) for n in names}
            for generator in (g for g in [*dict.fromkeys(GENERATORS.values()), documents] if g in wanted):   # the invitation before its signed copies
                ctx["made"].update(generator(ctx))
            entries = {f"{module_id}-{lang}/{name}": data for name, data in ctx["made"].items()}
            entries[f"{module_id}-{lang}/README.txt"] = readme(ctx["made"], ctx["texts"])
            name = kit_name(module_id, lang)
            sizes[name] = _zip.write_entries(tmp / name, entries)
    (tmp / "sizes.json").write_text(json.dumps(sizes, sort_keys=True))
    try:
        tmp.replace(folder)   # atomic: a folder in the cache is always complete
    except OSError:           # another build made the same kits meanwhile
        shutil.rmtree(tmp, ignore_errors=True)
    return {"folder": str(folder), "sizes": sizes, "cached": False, "seconds": time.monotonic() - start}


NEEDS_PKI = {signed_samples, root_certificate, expired_certificate, trainee_p12s}


def install(result: dict, site: Path) -> dict[str, int]:
    """Copy the made kits into site/download/kits/."""
    out = site / KITS_DIR
    out.mkdir(parents=True, exist_ok=True)
    for name in result["sizes"]:
        shutil.copyfile(Path(result["folder"]) / name, out / name)
    return result["sizes"]


# ---- what the pages and the instructor guide show ---------------------------------------------------

def guide_html(course: Course, texts: dict, module_id: str, lang: str) -> str:
    """The instructor guide's kit section: the files, the .p12 password, the answer keys."""
    names = kits(course).get(module_id)
    if not names or lang not in texts:
        return ""
    t = texts[lang]
    parts = [f'<h2 id="guide-kit">{_esc(t["guide_title"])}</h2><p>{_esc(t["guide_intro"])}</p>',
             f'<p><strong>{_esc(t["guide_files"])}:</strong></p><ul>']
    parts += [f"<li><code>{_esc(n)}</code>: {_esc(t['files'].get(n, ''))}</li>" for n in names]
    parts.append("</ul>")
    notes = []
    if any(fnmatch.fnmatchcase("hoc-vien-01.p12", n) for n in names):
        notes.append(f'{_esc(t["c4"]["password_note"])} <strong><code>{_esc(t["c4"]["p12_password"])}</code></strong>')
    if any(n.startswith("tep-mau-") for n in names):
        notes += [_esc(a) for a in t["c4"]["answers"]]
    if "the-tinh-huong-lua-dao.pdf" in names:
        c2 = t["c2"]
        notes.append(f'<strong>{_esc(c2["answer_key"])}</strong><ol>' + "".join(
            f'<li><strong>{_esc(c2["answers"][card["answer"]])}</strong> — {_esc(card["signs"])}</li>' for card in c2["cards"]) + "</ol>")
    if "ho-so-giay-nguyen-van-an.pdf" in names or "the-buoc-vong-doi-ho-so.pdf" in names:
        notes += [_esc(a) for a in t["c5"]["answers"]]
    notes += [_esc(a) for n in names for a in t.get("documents", {}).get(n, {}).get("answers", [])]
    if "e8" in t and t["e8"]["file"] in names:
        notes += [_esc(a) for a in t["e8"]["answers"]]
    if notes:
        parts.append(f'<p><strong>{_esc(t["guide_answers"])}:</strong></p><ul>' + "".join(f"<li>{n}</li>" for n in notes) + "</ul>")
    return "".join(parts)


_TEXTS_CACHE: dict = {}


def texts_for(course: Course) -> dict:
    """The kit texts of the course's languages, read once per version of the files (for the guide)."""
    stamp = (tuple(course.languages),) + tuple(p.stat().st_mtime_ns for p in sorted(CURRICULUM.glob("kits*.yml")))
    if stamp not in _TEXTS_CACHE:
        _TEXTS_CACHE.clear()
        _TEXTS_CACHE[stamp] = load_texts(course, [])
    return _TEXTS_CACHE[stamp]


def kit_link(course: Course, module: dict, lang: str) -> str:
    """The module page's "Practice kit" download; hooks/kits.py fills in the size once it is made."""
    from .render import learner_words

    w = learner_words(course, lang)
    name = kit_name(module["id"], lang)
    href = "../" * (2 + (lang != SOURCE_LANGUAGE)) + f"{KITS_DIR}/{name}"
    return (f'<p class="xa-kit"><a class="md-button" href="{href}" download type="application/zip">'
            f'{_esc(w.get("kit_label", "Practice kit"))} <span class="xa-kit-size" data-kit="{name}"></span></a> '
            f'<small>{_esc(w.get("kit_note", ""))}</small></p>')


def with_kit_size(page_html: str, sizes: dict, lang: str) -> str:
    from .render import size_text

    for name, size in sizes.items():
        page_html = page_html.replace(f'<span class="xa-kit-size" data-kit="{name}"></span>',
                                      f'<span class="xa-kit-size" data-kit="{name}">({size_text(size, lang)})</span>')
    return page_html
