"""Should Ukrainian go through natasha (a Russian NER)? Entities and quote speakers, both ways.

    .venv/bin/python bench/ner_ukrainian.py

Twelve Ukrainian news sentences written for this check, with their names marked by hand.
Prints natasha's entity precision/recall (exact span and label) and, for the quoted ones, the
speaker the quote rules find with natasha's entities and without any (the capitalised words
beside the speech verb, what Ukrainian gets today). bench/README.md has the figures.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("OMP_NUM_THREADS", "1")

from newsprism.analyze.ner_natasha import NatashaNER  # noqa: E402
from newsprism.analyze.quotes import extract_quotes  # noqa: E402

PER, LOC, ORG = "PERSON", "GPE", "ORG"
# (sentence, gold entities as (text, label), gold speaker of its quote or None)
SENTENCES = [
    ("Президент України Володимир Зеленський зустрівся з канцлером Німеччини Олафом Шольцом "
     "у Берліні.", {("України", LOC), ("Володимир Зеленський", PER), ("Німеччини", LOC),
                    ("Олафом Шольцом", PER), ("Берліні", LOC)}, None),
    ("«Ми готові до переговорів», — заявив міністр закордонних справ Андрій Сибіга.",
     {("Андрій Сибіга", PER)}, "Андрій Сибіга"),
    ("За словами Сибіги, Україна отримає нові системи ППО від США та Франції.",
     {("Сибіги", PER), ("Україна", LOC), ("США", LOC), ("Франції", LOC)}, None),
    ("Міністерство оборони України повідомило про атаку на Харків і Одесу.",
     {("Міністерство оборони України", ORG), ("Харків", LOC), ("Одесу", LOC)}, None),
    ("Прем'єр-міністр Денис Шмигаль провів зустріч з Урсулою фон дер Ляєн у Брюсселі.",
     {("Денис Шмигаль", PER), ("Урсулою фон дер Ляєн", PER), ("Брюсселі", LOC)}, None),
    ("Речник Кремля Дмитро Пєсков сказав, що Володимир Путін не планує зустрічі.",
     {("Кремля", ORG), ("Дмитро Пєсков", PER), ("Володимир Путін", PER)}, None),
    ("Верховна Рада ухвалила закон, який підтримав голова НБУ Андрій Пишний.",
     {("Верховна Рада", ORG), ("НБУ", ORG), ("Андрій Пишний", PER)}, None),
    ("Мер Києва Віталій Кличко заявив: «Світло повернуть до вечора».",
     {("Києва", LOC), ("Віталій Кличко", PER)}, "Віталій Кличко"),
    ("Генеральний секретар НАТО Марк Рютте прибув до Вашингтона на зустріч з Дональдом "
     "Трампом.", {("НАТО", ORG), ("Марк Рютте", PER), ("Вашингтона", LOC),
                  ("Дональдом Трампом", PER)}, None),
    ("«Ворог втратив склад поблизу Донецька», — повідомив Генштаб ЗСУ.",
     {("Донецька", LOC), ("Генштаб ЗСУ", ORG)}, "Генштаб ЗСУ"),
    ("«Ми не відступимо», — сказав Володимир Зеленський у Києві.",
     {("Володимир Зеленський", PER), ("Києві", LOC)}, "Володимир Зеленський"),
    ("«Переговори можливі лише після припинення вогню», — наголосила Юлія Свириденко.",
     {("Юлія Свириденко", PER)}, "Юлія Свириденко"),
]


def main() -> None:
    ner = NatashaNER()
    tp = fp = fn = 0
    speakers = {"natasha": 0, "none": 0}
    quoted = 0
    for text, gold, speaker in SENTENCES:
        entities = ner(text)
        found = {(e.text, e.label) for e in entities}
        tp, fp, fn = tp + len(found & gold), fp + len(found - gold), fn + len(gold - found)
        for wrong in sorted(found - gold):
            print(f"  wrong: {wrong}")
        if speaker is None:
            continue
        quoted += 1
        for name, given in (("natasha", entities), ("none", None)):
            got = [q.speaker for q in extract_quotes(text, given, "uk")]
            speakers[name] += got == [speaker]
            if got != [speaker]:
                print(f"  speaker with {name}: {got} (gold {speaker})")
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"natasha on Ukrainian: entities P={precision:.2f} R={recall:.2f} "
          f"F1={2 * precision * recall / (precision + recall):.2f} ({tp} right, {fp} wrong, "
          f"{fn} missed)")
    print(f"quote speakers right: with natasha {speakers['natasha']}/{quoted}, "
          f"without NER {speakers['none']}/{quoted}")


if __name__ == "__main__":
    main()
