"""Practice kits (issue #21): every file an exercise names is in its module's kit, in every language;
the signed samples say what the exercise says (pyHanko, trusting only the kit's root); the .p12 opens
with the password printed in the instructor guide; every file carries the training mark; the
learner's scam cards carry no answers; pages link the kits, the offline zips do not."""

from __future__ import annotations

import datetime
import fnmatch
import functools
import io
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import EPOCH, LANGS, ROOT, lang_prefix, module_page

KITS = {lang: yaml.safe_load((ROOT / "curriculum" / ("kits.yml" if lang == "vi" else f"kits.{lang}.yml")).read_text(encoding="utf-8"))
        for lang in LANGS}
SIGNING_TIME = datetime.datetime.fromtimestamp(int(EPOCH), datetime.timezone.utc)


@functools.lru_cache(maxsize=1)
def exercise_kits() -> dict[str, list[tuple[str, str]]]:
    """module id -> [(exercise file, kit name)] from the Vietnamese exercise files."""
    out: dict = {}
    for path in sorted((ROOT / "exercises").glob("*/*.yml")):
        if path.name.count(".") > 1 or path.stem in ("quiz", "selfcheck"):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name in data.get("kit", []):
            out.setdefault(data["module"], []).append((path.name, name))
    return out


def text_of(pdf: bytes) -> str:
    return unicodedata.normalize("NFC", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def skeleton(text: str) -> str:
    """Consonants and digits only: WeasyPrint's PDFs sometimes extract "gọi" as "goọi"."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))
    return re.sub(r"[^bcdfghjklmnpqrstvwxz0-9đ]", "", bare)


@pytest.fixture(scope="module")
def kit(site):
    """(module, lang) -> {file name: bytes}."""
    out = {}
    for path in sorted((site / "download" / "kits").glob("*.zip")):
        module_id, lang = path.stem.rsplit("-", 1)
        with zipfile.ZipFile(path) as archive:
            out[(module_id, lang)] = {Path(n).name: archive.read(n) for n in archive.namelist()}
    return out


def guide_text(site, module_slug: str, module_id: str, lang: str) -> str:
    pdf = site / f"{lang_prefix(lang)}modules/{module_slug}/xa-so-{module_id}-{lang}-instructor.pdf"
    return text_of(pdf.read_bytes())


def test_every_file_an_exercise_names_is_in_its_module_kit_in_every_language(kit):
    wanted = exercise_kits()
    assert {"c2", "c4", "c5"} <= set(wanted)
    assert {"giay-moi-hop-gia-dinh.pdf", "tep-mau-A.pdf", "tep-mau-B.pdf", "tep-mau-C.pdf"} <= {n for _f, n in wanted["c4"]}
    for module_id, names in wanted.items():
        for lang in LANGS:
            files = kit.get((module_id, lang))
            assert files, f"no kit {module_id}-{lang}.zip"
            for exercise, name in names:
                assert fnmatch.filter(files, name), f"{exercise} names {name}, not in {module_id}-{lang}.zip"
    assert {m for m, _lang in kit} == set(wanted), "a kit for a module whose exercises name no file"


def _validate(pdf: bytes, roots):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    context = ValidationContext(trust_roots=roots, moment=SIGNING_TIME, allow_fetching=False)
    return validate_pdf_signature(signature, context)


def _root(files):
    from asn1crypto import pem, x509

    _type, _headers, der = pem.unarmor(files["chung-thu-goc-tap-huan.crt"])
    return x509.Certificate.load(der)


@pytest.mark.parametrize("lang", LANGS)
def test_file_a_is_intact_and_trusted_by_the_kit_root_only(kit, lang):
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko.sign.diff_analysis import ModificationLevel

    files = kit[("c4", lang)]
    status = _validate(files["tep-mau-A.pdf"], [_root(files)])
    assert status.intact and status.valid and status.trusted and status.bottom_line, status.pretty_print_details()
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE and status.modification_level == ModificationLevel.NONE
    assert not _validate(files["tep-mau-A.pdf"], []).trusted, "trusted without the kit's root"


@pytest.mark.parametrize("lang", LANGS)
def test_file_b_was_changed_after_signing(kit, lang):
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko.sign.diff_analysis import ModificationLevel

    files = kit[("c4", lang)]
    status = _validate(files["tep-mau-B.pdf"], [_root(files)])
    assert status.intact and status.trusted   # the signed revision itself is untouched …
    assert status.coverage != SignatureCoverageLevel.ENTIRE_FILE   # … but the file goes on after it
    assert status.modification_level == ModificationLevel.OTHER and not status.docmdp_ok and not status.bottom_line
    assert files["tep-mau-B.pdf"].startswith(files["tep-mau-A.pdf"]), "B is not A plus an incremental update"


@pytest.mark.parametrize("lang", LANGS)
def test_file_c_is_signed_with_an_expired_certificate(kit, lang):
    from pyhanko.sign.ades.report import AdESIndeterminate

    files = kit[("c4", lang)]
    status = _validate(files["tep-mau-C.pdf"], [_root(files)])
    assert status.intact and status.valid and not status.trusted and not status.bottom_line
    assert status.trust_problem_indic == AdESIndeterminate.OUT_OF_BOUNDS_NO_POE
    assert status.signing_cert.not_valid_after < SIGNING_TIME <= status.signer_reported_dt
    expired = _x509(files["chung-thu-het-han.crt"])
    assert expired.not_valid_after_utc < SIGNING_TIME and expired.serial_number == status.signing_cert.serial_number


def _x509(pem_bytes: bytes):
    from cryptography import x509

    return x509.load_pem_x509_certificate(pem_bytes)


@pytest.mark.parametrize("lang", LANGS)
def test_p12_opens_with_the_password_printed_in_the_instructor_guide(site, kit, modules, lang):
    from cryptography.hazmat.primitives.serialization import pkcs12

    c4 = next(m for m in modules if m["id"] == "c4")
    guide = guide_text(site, c4["slug"], "c4", lang)
    note = KITS[lang]["c4"]["password_note"]
    assert note in guide, "the guide does not give the .p12 password"
    password = guide.split(note, 1)[1].split()[0]
    files = kit[("c4", lang)]
    p12s = sorted(n for n in files if n.endswith(".p12"))
    assert len(p12s) >= 10
    root = _x509(files["chung-thu-goc-tap-huan.crt"])
    key, cert, extra = pkcs12.load_key_and_certificates(files[p12s[0]], password.encode())
    assert key is not None and cert.issuer == root.subject and root in extra
    assert cert.not_valid_before_utc <= SIGNING_TIME <= cert.not_valid_after_utc
    with pytest.raises(ValueError):
        pkcs12.load_key_and_certificates(files[p12s[0]], b"wrong password")


def test_every_kit_file_is_marked_for_training(kit):
    for (module_id, lang), files in kit.items():
        mark = KITS[lang]["mark"]
        for name, data in files.items():
            if name.endswith(".pdf"):
                assert skeleton(mark) in skeleton(text_of(data)), f"{module_id}-{lang}/{name} lacks '{mark}'"
            elif name.endswith(".crt"):
                assert "TRAINING – NO LEGAL VALUE" in str(_x509(data).subject.rfc4514_string()), name
            elif name.endswith(".png"):
                from PIL import Image

                assert mark in Image.open(io.BytesIO(data)).text["Comment"], name
            elif name.endswith(".xlsx"):   # the sheet is named by the mark
                with zipfile.ZipFile(io.BytesIO(data)) as workbook:
                    assert mark in workbook.read("xl/workbook.xml").decode("utf-8"), name
            elif name.endswith(".txt"):
                assert mark in data.decode("utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_the_scam_cards_have_no_answers_and_the_guide_has_them(site, kit, modules, lang):
    c2 = KITS[lang]["c2"]
    deck = skeleton(text_of(kit[("c2", lang)]["the-tinh-huong-lua-dao.pdf"]))
    assert all(skeleton(card["text"])[:30] in deck for card in c2["cards"]), "a card is missing from the deck"
    for card in c2["cards"]:
        assert skeleton(card["signs"])[:30] not in deck, "an answer is printed on the learner's cards"
    assert skeleton(c2["answer_key"]) not in deck
    genuine = [card for card in c2["cards"] if card["answer"] == "genuine"]
    assert len(c2["cards"]) == 10 and len(genuine) == 3
    module = next(m for m in modules if m["id"] == "c2")
    guide = skeleton(guide_text(site, module["slug"], "c2", lang))
    assert skeleton(c2["answer_key"]) in guide and all(skeleton(card["signs"])[:30] in guide for card in c2["cards"])


@pytest.mark.parametrize("lang", LANGS)
def test_nothing_in_the_learners_c4_kit_says_which_sample_is_which(kit, lang):
    """The trainee finds out which of A/B/C is valid, changed or expired: the kit's own texts (README,
    descriptions) describe the three alike, and none repeats an answer of the instructor guide."""
    files = kit[("c4", lang)]
    texts = [files[name].decode("utf-8") for name in files if name.endswith(".txt")]
    texts += [text_of(files[name]) for name in ("tep-mau-A.pdf", "tep-mau-B.pdf", "tep-mau-C.pdf")]
    descriptions = [KITS[lang]["files"][f"tep-mau-{x}.pdf"] for x in "ABC"]
    assert len({d.replace(x, "?") for d, x in zip(descriptions, "ABC")}) == 1, descriptions
    for answer in KITS[lang]["c4"]["answers"]:
        assert all(skeleton(answer)[:25] not in skeleton(text) for text in texts), answer


@pytest.mark.parametrize("lang", LANGS)
def test_module_pages_link_their_kit_with_its_size_and_the_offline_zips_do_not(site, modules, course, lang):
    for module in modules:
        page = module_page(site, module, lang).read_text(encoding="utf-8")
        link = re.search(r'<p class="xa-kit"><a class="md-button" href="([^"]+)"[^>]*>.*?<span class="xa-kit-size"[^>]*>\((\d[\d.,]* [KM]B)\)</span>', page)
        if module["id"] not in exercise_kits():
            assert link is None
            continue
        assert link, f"{module['id']} {lang}: no kit link with a size"
        target = (module_page(site, module, lang).parent / link[1]).resolve()
        assert target.is_file() and target.name == f"{module['id']}-{lang}.zip"
        assert page.index('id="exercises"') < page.index('class="xa-kit"') < page.index('id="self-check"')
    for name in (f"xa-so-{course['edition']}.zip", f"xa-so-{course['edition']}-no-pdf.zip"):
        path = site / "download" / name
        if path.exists():
            with zipfile.ZipFile(path) as archive:
                pages = [n for n in archive.namelist() if "modules/c4" in n and n.endswith(".html")]
                assert pages and all(b'class="xa-kit"' not in archive.read(n) for n in pages), name
