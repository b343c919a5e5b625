#!/usr/bin/env python3
"""Writes the synthetic PDF test fixtures' HTML and prints them to PDF with Debian's Chromium.

Run from this folder: python3 make-fixtures.py (needs `chromium`; apt-get install -y chromium). The PDFs are
committed, so the tests never need Chromium. All text is our own, written for these tests.
"""
import base64, struct, subprocess, zlib

SECTIONS = [
    ("Definitions", "In this Addendum, capitalised terms have the meaning given below or in the Agreement"),
    ("Scope and Roles", "This Addendum applies where the Processor processes Customer Personal Data on behalf of the Customer"),
    ("Processing Instructions", "The Processor shall process Customer Personal Data only on the documented instructions of the Customer"),
    ("Subprocessors", "The Customer gives general authorisation for the Processor to engage Subprocessors listed on its website"),
    ("Security Measures", "The Processor shall implement appropriate technical and organisational measures to protect the data"),
    ("Personal Data Breaches", "The Processor shall notify the Customer without undue delay after becoming aware of a breach"),
    ("Audits and Records", "The Processor shall make available the information necessary to demonstrate compliance with this Addendum"),
    ("International Transfers", "Transfers of Customer Personal Data outside the European Economic Area are made under appropriate safeguards"),
    ("Return and Deletion", "At the end of the Services the Processor shall delete or return Customer Personal Data as the Customer chooses"),
]

FILLER = ("Each party shall perform its obligations under this clause in good faith, with reasonable care and in "
          "accordance with applicable data protection law, and shall keep written records sufficient to show that it has done so.")


def clause(section, number, variant):
    if variant == 2 and (section, number) == (4, 2):
        return ("The Processor shall inform the Customer of any intended addition or replacement of a Subprocessor at least "
                "thirty days in advance, giving the Customer the opportunity to object on reasonable grounds. " + FILLER)
    if (section, number) == (4, 2):
        return ("The Processor shall inform the Customer of any intended addition or replacement of a Subprocessor at least "
                "ten days in advance, giving the Customer the opportunity to object on reasonable grounds. " + FILLER)
    return f"{SECTIONS[section - 1][1]}, as further set out in clause {section}.{number}. " + FILLER


def dpa(variant):
    parts = ["<h1>Example Cloud Data Processing Addendum</h1>",
             "<p>This Data Processing Addendum forms part of the Example Cloud Customer Agreement between the Customer and Example Cloud Ltd.</p>"]
    for s, (title, _) in enumerate(SECTIONS, start=1):
        parts.append(f"<h2>{s}. {title}</h2>")
        for n in range(1, 5):
            parts.append(f"<p>{s}.{n} {clause(s, n, variant)}</p>")
            if n == 3:
                parts.append("<p>(a) the categories of data subjects concerned;</p><p>(b) the nature and purpose of the processing.</p>")
    return ("<!doctype html><html><head><meta charset='utf-8'><title>Example Cloud DPA</title>"
            "<style>body{font-family:'DejaVu Serif',serif;font-size:11pt;margin:0 1cm} h1{font-size:20pt} h2{font-size:14pt}"
            " p{margin:0 0 8pt 0;text-align:left}</style></head><body>" + "".join(parts) + "</body></html>")


def png(width, height):
    """A grey-striped PNG: an image with no text, standing in for a scanned page."""
    rows = b"".join(b"\x00" + bytes((200 if (y // 8) % 2 else 90) for _ in range(width)) for y in range(height))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def scanned():
    data = base64.b64encode(png(400, 560)).decode()
    return f"<!doctype html><html><body style='margin:0'><img src='data:image/png;base64,{data}' style='width:100%'></body></html>"


def main():
    pages = {"dpa-v1": dpa(1), "dpa-v2": dpa(2), "scanned": scanned()}
    for name, html in pages.items():
        with open(f"{name}.html", "w", encoding="utf-8") as f:
            f.write(html)
        # The default header (date, title) and footer (file URL, "n/N") are the running header and footer the
        # extractor must leave out; the scanned page gets none, so it has no text at all.
        extra = ["--no-pdf-header-footer"] if name == "scanned" else []
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", *extra,
                        f"--print-to-pdf={name}.pdf", f"{name}.html"], check=True)


main()
