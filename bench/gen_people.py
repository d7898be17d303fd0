#!/usr/bin/env python3
"""Writes N generated people as CSV (the Action Network export shape) to
stdout, for the people benchmarks: names in Latin, Bengali and Devanagari
scripts, emails, US phones typed in several ways, Queens ZIP codes,
languages and tags. Deterministic (seeded). About 1% are near-duplicates
of an earlier row (same name and ZIP code, another email), so the
duplicate finder has real work.

usage: gen_people.py N [SEED]"""
import csv
import random
import sys

LATIN_GIVEN = ["José", "María", "Ana", "Luis", "Carmen", "Jorge", "Lucía", "Miguel", "Rosa", "Pedro",
               "Sofía", "Diego", "Valentina", "Camila", "Mateo", "Fatima", "Aisha", "Omar", "Karim", "Tenzin"]
LATIN_FAMILY = ["García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez",
                "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Reyes", "Morales", "Khan", "Sherpa"]
BENGALI_GIVEN = ["রহিম", "করিম", "নাসরিন", "ফাতেমা", "শফিকুল", "মাহমুদ", "সুমাইয়া", "রাকিব", "তানভীর", "জান্নাত"]
BENGALI_FAMILY = ["উদ্দিন", "আহমেদ", "হোসেন", "ইসলাম", "রহমান", "চৌধুরী", "মিয়াজী", "খাতুন", "সরকার", "বেগম"]
DEVANAGARI_GIVEN = ["दीपक", "सीता", "राम", "पेमा", "अनिता", "सुनिल", "गीता", "बिकाश", "सरिता", "कर्मा"]
DEVANAGARI_FAMILY = ["गुरुङ", "थापा", "श्रेष्ठ", "तामाङ", "राई", "शेर्पा", "लामा", "मगर", "अधिकारी", "पौडेल"]
ZIPS = ["11372", "11373", "11368", "11369", "11370", "11377", "11354", "11355", "11101", "11385"]
LANGS = ["Spanish", "es", "Bengali", "bn", "Nepali", "ne", "English", "en", "Urdu", "ur", ""]
TAGS = ["Forum 2026", "Rapid response", "Leafleting", "Business visits", "Petition: free Ahmed", ""]


def phone(rng, i):
    # unique per row (up to 900,000 rows); never an N11 service code
    exchange = 220 + (i // 10000) % 90
    area = rng.choice(["718", "347", "929", "646"])
    line = f"{exchange:03d}{i % 10000:04d}"
    shape = i % 4
    if shape == 0:
        return f"({area}) {line[:3]}-{line[3:]}"
    if shape == 1:
        return f"+1 {area} {line[:3]} {line[3:]}"
    if shape == 2:
        return f"{area}-{line[:3]}-{line[3:]}"
    return f"1{area}{line}"


def main():
    n = int(sys.argv[1])
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 2017)
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["first_name", "last_name", "email", "zip_code", "can2_phone", "Language", "tags"])
    recent = []
    for i in range(n):
        if recent and rng.random() < 0.01:
            given, family, zip_code = rng.choice(recent)
        else:
            script = rng.random()
            if script < 0.6:
                given, family = rng.choice(LATIN_GIVEN), rng.choice(LATIN_FAMILY)
            elif script < 0.85:
                given, family = rng.choice(BENGALI_GIVEN), rng.choice(BENGALI_FAMILY)
            else:
                given, family = rng.choice(DEVANAGARI_GIVEN), rng.choice(DEVANAGARI_FAMILY)
            # a distinguishing suffix keeps name + ZIP collisions to the planted ones
            family = f"{family} {i:06d}"
            zip_code = rng.choice(ZIPS)
            recent.append((given, family, zip_code))
            if len(recent) > 1000:
                recent.pop(0)
        email = f"person{i}@example.org" if i % 5 else ""
        tel = phone(rng, i) if i % 3 else ""
        if not email and not tel:
            tel = phone(rng, i)
        w.writerow([given, family, email, zip_code, tel, rng.choice(LANGS), rng.choice(TAGS)])


if __name__ == "__main__":
    main()
