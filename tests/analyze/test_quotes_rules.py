"""Quote rules one at a time, on short texts, and what happens with bad input."""

from __future__ import annotations

import pytest

from newsprism.analyze import analyze_article, analyze_text
from newsprism.analyze.quotes import find_spans
from newsprism.models import Article, Outlet


def quotes(text: str) -> list[tuple[str, str | None]]:
    return [(q.text.strip(" ,.").strip(), q.speaker) for q in analyze_text(text).quotes]


def test_said_after_and_before_the_quote() -> None:
    text = ('"We will win this fight," Senator Jane Walker said on Tuesday.\n\n'
            'Walker said: "The vote is next week."\n\n'
            '"It is over," said Governor Tom Bradley of Ohio.')
    assert quotes(text) == [("We will win this fight", "Jane Walker"),
                            ("The vote is next week", "Jane Walker"),
                            ("It is over", "Tom Bradley")]


def test_curly_quotes_and_nyt_double_apostrophes() -> None:
    text = ("“We are ready to talk,” Maria Lopez told reporters.\n\n"
            "''Nobody expected this,'' Mr. Daniel Kerr wrote in a memo.")
    result = analyze_text(text).quotes
    assert [(q.text, q.speaker, q.cue) for q in result] == [
        ("We are ready to talk,", "Maria Lopez", "told"),
        ("Nobody expected this,", "Daniel Kerr", "wrote"),
    ]


def test_according_to_and_quoted_as_saying() -> None:
    text = ('The plan is "dead on arrival," according to Peter Hall, a party official.\n\n'
            'State media quoted Foreign Minister Anna Berg as saying "the door is open."')
    assert quotes(text) == [("dead on arrival", "Peter Hall"), ("the door is open", "Anna Berg")]
    cues = [q.cue for q in analyze_text(text).quotes]
    assert cues == ["according to", "quoted as saying"]


def test_pronoun_and_short_name_resolve_to_the_full_name() -> None:
    text = ("Prime Minister Helen Carter met union leaders on Monday.\n\n"
            '"We have a deal," Carter said.\n\n'
            '"It took months," she added.')
    result = analyze_text(text).quotes
    assert [(q.speaker, q.speaker_mention, q.how) for q in result] == [
        ("Helen Carter", "Carter", "name"), ("Helen Carter", "she", "pronoun")]


def test_appositive_between_name_and_verb() -> None:
    text = ('"The numbers are clear," Guy Cecil, the group\'s chief strategist, said.')
    assert quotes(text) == [("The numbers are clear", "Guy Cecil")]


def test_quote_continued_in_the_next_paragraph_is_one_quote() -> None:
    text = ('Zelensky wrote: "It is not as if we are concerned.\n\n'
            '"But I do care about Ukrainians."\n\nThe letter ended there.')
    (quote,) = analyze_text(text).quotes
    assert quote.paragraphs == 2 and quote.closed
    assert quote.text == "It is not as if we are concerned. But I do care about Ukrainians."
    assert text[quote.start:quote.end].endswith("about Ukrainians.")


def test_second_quote_in_a_paragraph_keeps_the_speaker() -> None:
    text = '"We are ready," Tom Hardy said. "The talks start tomorrow."'
    result = analyze_text(text).quotes
    assert [(q.speaker, q.how) for q in result] == [("Tom Hardy", "name"),
                                                    ("Tom Hardy", "previous")]


def test_titles_and_nicknames_are_not_quotes() -> None:
    text = ('She took the stage to "Eye of the Tiger" on Tuesday.\n\n'
            'The forum, often called the "Russian Davos", opened on Friday.')
    assert analyze_text(text).quotes == ()


def test_partial_quote_in_the_writer_sentence() -> None:
    text = 'The Kremlin said Zelensky could meet Putin in Moscow "any time" this year.'
    (quote,) = analyze_text(text).quotes
    assert quote.partial and quote.text == "any time" and quote.cue == "said"


def test_straight_quote_marks_pair_by_position() -> None:
    body = 'He said "one" and then "two, three" ended.'
    assert [body[s.start:s.end] for s in find_spans(body)] == ["one", "two, three"]


# ------------------------------------------------------------------------------ bad input
def test_unbalanced_quotation_marks_do_not_crash() -> None:
    text = ('"This quote never closes, said nobody in particular\n\nNext paragraph here.\n\n'
            'A stray closing mark” and another " mark.')
    analysis = analyze_text(text)
    for q in analysis.quotes:
        assert 0 <= q.start < q.end <= len(text)
    assert any(not q.closed for q in analysis.quotes)


def test_a_long_quote_with_no_speaker_is_kept_without_one() -> None:
    text = ('"Nobody knows what happens next in this long and winding story of ours," '
            'the banner read.')
    (quote,) = analyze_text(text).quotes
    assert quote.speaker is None


def test_two_hundred_paragraphs() -> None:
    paragraphs = tuple(f'"Point number {i} matters a lot," Anna Smith said in paragraph {i}.'
                       for i in range(200))
    article = Article(title="Long", outlet=Outlet(name=None, domain=None), language="en",
                      paragraphs=paragraphs)
    analysis = analyze_article(article)
    assert len(analysis.quotes) == 200
    assert {q.speaker for q in analysis.quotes} == {"Anna Smith"}
    assert max(s.paragraph for s in analysis.sentences) == 199


def test_language_without_ner_model_says_so() -> None:
    article = Article(title="Лист", outlet=Outlet(name=None, domain=None), language="uk",
                      paragraphs=("«Україна готова до повного припинення вогню», "
                                  "— заявив Зеленський.",))
    analysis = analyze_article(article)
    assert analysis.entities is None
    assert "no NER model for language 'uk'" in analysis.notes
    (quote,) = analysis.quotes
    assert quote.text.startswith("Україна готова")
    assert quote.speaker == "Зеленський" and quote.cue == "заявив"
    assert analysis.to_dict()["entities"] is None


def test_empty_body() -> None:
    article = Article(title="Empty", outlet=Outlet(name=None, domain=None), language="en")
    analysis = analyze_article(article)
    assert (analysis.quotes, analysis.sentences, analysis.entities) == ((), (), ())


def test_quote_inside_a_question_frame_is_the_questioners() -> None:
    # The answerer's cue comes after the frame; the framed words are the question's.
    text = ('When asked whether the reform had become a "total failure," Governor Tom Bradley '
            'said the state was "moving in the right direction."\n\n'
            'Asked by CNN\'s Jake Tapper whether the plan was "dead on arrival," Senator Jane '
            'Walker said no.\n\n'
            'Asked about the strike, Bradley said: "We will not back down."')
    result = [(q.text.strip(" ,."), q.speaker, q.cue) for q in analyze_text(text).quotes]
    assert result == [("total failure", None, "asked"),
                      ("moving in the right direction", "Tom Bradley", "said"),
                      ("dead on arrival", "Jake Tapper", "asked"),
                      ("We will not back down", "Tom Bradley", "said")]


def test_a_quote_that_ends_the_writers_sentence_takes_no_cue_from_the_next() -> None:
    # The quote's own full stop ends the sentence: "Carly Fiorina said" is the next one's cue.
    text = ('Bernie Sanders called Donald Trump a "pathological liar." Carly Fiorina said Ted '
            'Cruz "says whatever he needs to say to get elected."')
    assert quotes(text) == [("pathological liar", "Bernie Sanders"),
                            ("says whatever he needs to say to get elected", "Carly Fiorina")]


def test_name_of_the_organisation_is_the_person() -> None:
    text = ('George Zornick of The Nation wrote, "You have to demonstrate that you care even '
            'when your own side needs to be held accountable."')
    assert quotes(text)[0][1] == "George Zornick"


def test_quote_after_the_previous_quotes_cue_sentence_continues_it() -> None:
    # The sentence between the two quotes is the first one's cue, not a new speaker's.
    text = ('"These are two different countries," said Jennifer Palmieri, Hillary Clinton\'s '
            'communications director. "We believe voters want concrete solutions."')
    assert [s for _, s in quotes(text)] == ["Jennifer Palmieri", "Jennifer Palmieri"]


def test_writer_sentence_before_a_quote_names_its_speaker_by_its_verb() -> None:
    text = ('The ACLU will not represent him but plans to watch the case closely, Maria Lopez '
            'says. "If the government can cherry-pick our statements, we all lose."')
    assert quotes(text)[0][1] == "Maria Lopez"


def test_he_after_an_inverted_cue_is_the_person_quoted() -> None:
    # "said Matt Mackowiak, ..." makes him the topic: the later "he" is him, not Sanders.
    text = ('Leaked emails showed staffers had favoured Clinton over Senator Bernie Sanders.\n\n'
            '"They made it all about Russia," said Matt Mackowiak, a Republican strategist. '
            'Now, he added, "they may just say the emails are fake."')
    assert [s for _, s in quotes(text)] == ["Matt Mackowiak", "Matt Mackowiak"]


def test_time_words_and_adverbs_opening_a_sentence_are_not_speakers() -> None:
    text = ('Senator Bernie Sanders changed his vote on Saturday.\n\n'
            'Sunday morning, Hillary Clinton accused Sanders of a "flip-flop."\n\n'
            '"He is supposed to be a cheerleader," Donald Trump said. Instead, "he just acts '
            'like a defeated man."')
    assert quotes(text) == [("flip-flop", "Hillary Clinton"),
                            ("He is supposed to be a cheerleader", "Donald Trump"),
                            ("he just acts like a defeated man", "Donald Trump")]


def test_cue_after_later_fragments_of_the_same_sentence() -> None:
    text = ('Foreign Ministry spokesman Lu Kang repeated that China opposed hacking.\n\n'
            'People should give evidence and not wave around words like "maybe" and "perhaps," '
            'he told reporters.')
    assert quotes(text) == [("maybe", "Lu Kang"), ("perhaps", "Lu Kang")]


def test_appositive_role_makes_an_ner_organisation_a_person() -> None:
    # spaCy's small model tags some personal names ORG; ", a professor of ..." says a person.
    from newsprism.analyze.entities import People
    from newsprism.analyze.quotes import _appositive_person
    from newsprism.analyze.records import Entity

    body = "Eswar Prasad, a professor of economics at Cornell, said the channel mattered."
    assert _appositive_person(body, len("Eswar Prasad"))
    assert not _appositive_person("Cornell University, which trains economists, said", 18)
    people = People(body, [Entity(start=0, end=12, text="Eswar Prasad", label="ORG",
                                  canonical="Eswar Prasad")])
    people.add_speaker(0, 12, "Eswar Prasad")
    assert [m.name for m in people.before(len(body))] == ["Eswar Prasad"]


def test_paragraph_ending_in_a_colon_introduces_the_next() -> None:
    text = ('Voters in the county were split.\n\n17-year-old Jared Potts echoed:\n\n'
            '"He speaks his mind, and I think that might be what the country needs."')
    assert quotes(text) == [("He speaks his mind, and I think that might be what the country "
                             "needs", "Jared Potts")]


def test_as_x_pointed_out_and_as_x_put_it() -> None:
    text = ('As RealClearPolitics\' David Byler pointed out in December, "the delegates will '
            'have multiple opportunities to change the rule."\n\n'
            'As John Cornyn, the No. 2 in the Republican leadership, put it: "This person will '
            'not be confirmed."')
    assert [s for _, s in quotes(text)] == ["David Byler", "John Cornyn"]


def test_inverted_cue_after_the_writers_end_of_the_quoted_sentence() -> None:
    text = ('"He can assert it, but it seems extremely unlikely" that Sanders can catch Clinton, '
            'said Steve Elmendorf, a Democratic strategist.')
    assert quotes(text)[0][1] == "Steve Elmendorf"


def test_nyt_triple_closing_mark_keeps_the_cue() -> None:
    # ''' closes a single-quoted quotation inside the double one, then the double one.
    text = ("''I tell other central banks, 'I'm really sorry, but the Fed doesn't care about "
            "you at all,''' said Mr. Laurence Meyer, who runs a research firm.")
    assert quotes(text)[0][1] == "Laurence Meyer"


def test_abbreviated_titles_do_not_end_the_sentence() -> None:
    text = ('Republicans dug in.\n\n'
            'As John Cornyn, the No. 2 in the Republican leadership, put it: "This person will '
            'not be confirmed. So there is no reason to pretend otherwise."\n\n'
            'Florida Sen. Marco Rubio told reporters: "We will win this state in March."')
    assert [s for _, s in quotes(text)] == ["John Cornyn", "Marco Rubio"]


def test_a_name_after_a_comma_inside_a_clause_is_not_the_topic() -> None:
    # "her first child, Arabella," is an appositive: "she" is still Maria Lopez.
    text = ('Maria Lopez, who runs the company, told the newspaper that she took eight days off '
            'after her first child, Arabella, was born.\n\n'
            '"The projects I was working on required a very short leave," she told the paper.')
    assert quotes(text)[0][1] == "Maria Lopez"


def test_an_organisation_before_a_name_modifies_it() -> None:
    text = ('As the Washington Post\'s Ishaan Tharoor wrote, "there are multiple, complicated '
            'layers of history here."\n\n'
            '"We had a big issue with the trade part," said United Auto Workers '
            'Secretary-Treasurer Gary Casteel.')
    assert [s.split()[-1] for _, s in quotes(text)] == ["Tharoor", "Casteel"]


def test_participle_cues_take_the_sentence_subject() -> None:
    text = ('President Barack Obama punctuated his list of cities by saying "Too many."\n\n'
            'At the time, Maria Lopez released a statement saying, "The company has been a '
            'trusted partner for many of the finest brands."\n\n'
            'Frustrated, Bernie Sanders said he "cannot walk down the street" without reporters '
            'asking him about it.')
    assert [s for _, s in quotes(text)] == ["Barack Obama", "Maria Lopez", "Bernie Sanders"]


def test_appositives_in_dashes_and_nested_relative_clauses() -> None:
    text = ('A former Republican presidential candidate -- John McCain, who lost the 2008 '
            'election -- said the president "offered no changes to his strategy."\n\n'
            'Senator Richard Shelby, the Alabama Republican who heads the Senate Banking '
            'Committee, which oversees the Fed, said the donations "call into question the '
            'political independence" of the bank.')
    assert [s for _, s in quotes(text)] == ["John McCain", "Richard Shelby"]


def test_a_title_before_a_name_in_an_appositive_does_not_make_it_the_topic() -> None:
    # "Mr." does not end a sentence: Sanders, inside the appositive, is not the subject.
    text = ('Senator Bernie Sanders won one state on Tuesday.\n\n'
            'Still, Tad Devine, a senior adviser to Mr. Sanders, said the campaign would not '
            'mislead voters. "We will be upfront about that," he said.')
    assert quotes(text)[0][1] == "Tad Devine"


def test_a_new_subject_after_an_earlier_quote_is_not_a_continuation() -> None:
    text = ('And, in a clip that Judge Michael Mosman called "distasteful," Peter Santilli '
            'expressed a desire to "try, convict and shoot her on the spot."')
    assert quotes(text) == [("distasteful", "Michael Mosman"),
                            ("try, convict and shoot her on the spot", "Peter Santilli")]


def test_first_names_and_a_dash_after_a_name_decide_she() -> None:
    # spaCy may take "Deborah Reynolds - Santilli's" for one person; the name ends at the dash,
    # and "his" after "Santilli's" says nothing about her.
    text = ('In an interview, Deborah Reynolds - Santilli\'s girlfriend and co-host on his '
            'channel - told The Washington Post about him. Geraldo Rivera calls Santilli a '
            '"fascist."\n\n'
            '"It\'s ambush journalism," she says.')
    assert quotes(text)[-1] == ("It's ambush journalism", "Deborah Reynolds")


def test_surnames_and_family_names_the_ner_missed_still_count() -> None:
    # A bare "Mosman" after "Judge Michael W. Mosman", and "Ivanka Trump" beside "Donald
    # Trump", are people the pronoun rule can find even where the NER tagged nothing.
    from newsprism.analyze.entities import People
    from newsprism.analyze.records import Entity

    body = ("Judge Michael W. Mosman heard the case. Donald Trump spoke first.\n\n"
            "Mosman saw it differently. Ivanka Trump strode across the stage.")
    full = body.index("Michael")
    donald = body.index("Donald")
    people = People(body, [Entity(start=full, end=full + 17, text="Michael W. Mosman",
                                  label="PERSON", canonical="Michael W Mosman"),
                           Entity(start=donald, end=donald + 12, text="Donald Trump",
                                  label="PERSON", canonical="Donald Trump")])
    bare = body.index("Mosman saw")
    assert [(m.start, m.name, m.subject) for m in people.mentions if m.start == bare] == [
        (bare, "Michael W Mosman", True)]
    assert people.person("Ivanka Trump").sex == "f"
    assert people.antecedent(len(body), "f", []) == "Ivanka Trump"
    assert people.antecedent(len(body), "m", []) == "Michael W Mosman"


def test_continuation_needs_the_previous_quote_in_the_same_sentence() -> None:
    # "petulant child" is dropped as a scare quote; the Bush quote before is another sentence.
    text = ('Former Florida governor Jeb Bush called the orders "quite dangerous." New Jersey '
            'Gov. Chris Christie called Obama a "petulant child" who is acting "as if he is a '
            'king, as if he is a dictator."')
    assert quotes(text)[-1] == ("as if he is a king, as if he is a dictator", "Chris Christie")


def test_participle_after_a_quoted_title() -> None:
    text = ('Kenneth Starr said the situation reminds him of the book titled "The Tragedy of '
            'Lyndon Johnson," explaining, "because what could have been is lost, which we all '
            'lament."')
    assert quotes(text)[-1][1] == "Kenneth Starr"


def test_the_subject_of_a_reported_clause_is_the_topic() -> None:
    text = ('Sandra Sucher, a professor, wrote about parental leave last year.\n\n'
            'In addition, aides say Maria Lopez also advises her father on child care.\n\n'
            '"Women are paid equally for the work that we do," she said.')
    assert quotes(text)[-1][1] == "Maria Lopez"


def test_two_speakers_joined_by_and() -> None:
    text = ('Pollsters disagreed about the caucus.\n\n'
            'More from Mark Blumenthal and Jon Cohen: "Data collected by our firm helps confirm '
            'that both issues were in play for polling this year."')
    assert quotes(text)[0][1] == "Mark Blumenthal and Jon Cohen"


def test_capitalised_common_words_are_not_speakers() -> None:
    # "Somehow"/"Under" open sentences; the NER tags nothing, and they are common words.
    text = ('Under "Privacy Settings" is a setting called "How You Connect" that nobody reads.\n\n'
            'I\'d start by asking "how do we receive the images from the photographers?"')
    assert all(s is None for _, s in quotes(text))


def test_passive_verbs_name_no_speaker() -> None:
    text = ('Bill Simmons said the series the company should have launched with the couple '
            'should have been called "The grifters of Montecito and their friends".')
    assert quotes(text)[0][1] == "Bill Simmons"


def test_participle_after_a_comma_and_a_name_after_a_description() -> None:
    text = ('On Sunday, David Lammy said the couple had accepted the gifts so they could "look '
            'their best" to represent the country, adding that the US had a "huge budget."\n\n'
            '"What this book captures is his optimism," says the former editor of the '
            'Standard, George Osborne.')
    assert [s for _, s in quotes(text)] == ["David Lammy", "David Lammy", "George Osborne"]


def test_it_is_the_organisation_of_its_sentence() -> None:
    text = ('The Ministry of Foreign Affairs has condemned what it calls a "blatant and '
            'unprovoked act of aggression" on civilian areas.')
    assert quotes(text)[0][1] == "Ministry of Foreign Affairs"


def test_an_epithet_after_call_is_the_callers_words() -> None:
    # "call" with an object (or "what he called") before an article: someone's words for
    # someone else, not a title; a named thing ('a podcast called "…"') and "what some call"
    # stay titles and scare quotes.
    text = ('Mayor Linda Okafor, speaking to reporters outside City Hall, called the council '
            'a "rubber stamp" that had failed residents.\n\n'
            'On Friday, Senator Paul Dreyer called his rival a "coward" and a "Fraud."\n\n'
            'Governor Ruth Abbott said the state was in what she called a "budget emergency" '
            'and asked for patience.\n\n'
            'She hosts a podcast called the "Morning Table" and backs what some call the '
            '"fairness rule," which caps fees.')
    assert quotes(text) == [("rubber stamp", "Linda Okafor"), ("coward", "Paul Dreyer"),
                            ("Fraud", "Paul Dreyer"), ("budget emergency", "Ruth Abbott")]


def test_a_short_term_in_a_clause_reported_by_said_is_the_speakers() -> None:
    # After "said", 'a "…"' / 'the "…"' is the speaker's own phrase, not the writer's scare
    # quote; without a speech verb it stays a scare quote.
    text = ('Spokeswoman Dana Whitfield said the agency was in a "holding pattern" until '
            'the budget passed.\n\n'
            'Omar Haddad, the city treasurer, said the "rainy day fund" was nearly empty.\n\n'
            'The city is in a "holding pattern" again this spring.')
    assert quotes(text) == [("holding pattern", "Dana Whitfield"),
                            ("rainy day fund", "Omar Haddad")]


@pytest.mark.parametrize(("text", "speaker"), [
    ('"We will balance the budget," Treasurer Omar Haddad said on Monday.', "Omar Haddad"),
    ('Sheriff Dana Ortiz told reporters: "The road is closed."', "Dana Ortiz"),
    ('"We will vote no," Congresswoman Ruth Alvarez said.', "Ruth Alvarez"),
])
def test_an_office_before_the_speakers_name_is_not_part_of_it(text: str, speaker: str) -> None:
    # "Treasurer Omar Haddad" was the speaker: the office words were not titles
    assert [who for _, who in quotes(text)] == [speaker]
