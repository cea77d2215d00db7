"""The off-topic decline as the engine makes it before any generation (router, injection patterns, relevance gate,
coverage), through `python -m eval gate`'s own path: real MiniLM, the real ingested store, no chat model."""
from __future__ import annotations

import pytest
import yaml

from eval.data import HERE
from eval.gate import _NoModel, outcome


@pytest.fixture(scope="module")
def declines(ingested_settings):
    from tutor.engine import Tutor

    tutor = Tutor(ingested_settings, llm=_NoModel())
    counter = iter(range(10**6))
    return lambda question: outcome(tutor, question, f"test-gate-{next(counter)}")


def test_the_dev3_off_topic_set_is_declined_and_its_look_alikes_mostly_pass(declines):
    """eval/offtopic_dev3.yaml (dev): first contact 37/40 declined; a generator-vs-list question, a Docker crash
    and juggling reached the model. Look-alikes past the gate: 7/12 at first contact, 8 since a machine that
    learns or behaves is exempt from the subject list (ChatGPT's manners); two still lose to everyday subjects
    (drinks, video games), two are the coverage check's "not covered"."""
    items = yaml.safe_load((HERE / "offtopic_dev3.yaml").read_text(encoding="utf-8"))["questions"]
    off = [i["question"] for i in items if not i.get("answerable")]
    alike = [i["question"] for i in items if i.get("answerable")]
    assert [q for q in off if not declines(q)[0]] == []
    assert len([q for q in alike if not declines(q)[0]]) >= 8


@pytest.mark.parametrize("question", [  # each reached the model before these subjects were added
    "What does a for loop do in Python?",                 # programming in general, not machine learning
    "Why does my Docker image take so long to build?",    # deployment tools the document only names
    "How do I expose a port from a Docker container?",
    "What's the fastest way to learn to skateboard?",     # learning a hobby, not learning from data
    "How many threads can each core of my processor run at once?",  # CPU threads (added from dev-35)
    "Should a tiny record in my Python script be a named tuple or a dataclass?",  # record types (from dev-36)
    "Is mypy worth setting up for a little Python tool?",  # static type checks (from dev-37)
    "How long does a mouth ulcer take to heal, and what speeds it up?",  # sores and healing (from dev-41)
])
def test_near_domain_classes_added_from_dev3_are_declined(declines, question: str) -> None:
    declined, what = declines(question)
    assert declined and "[off_topic]" in what, what


@pytest.mark.parametrize("question", [
    "What is Docker used for in a machine learning project?",
    "Do I need to know JavaScript for machine learning?",
    "Is machine learning used in sports?",
    "Which Python libraries does the guide recommend for deep learning?",
    "Is an ordinary laptop CPU enough to train machine learning models?",
    "Which Python libraries does the guide suggest for handling data?",
])
def test_the_same_words_in_an_on_topic_question_pass_the_gate(declines, question: str) -> None:
    """Past the gate: answered, or (JavaScript, which the document never names) honestly "not covered"."""
    assert "[off_topic]" not in declines(question)[1]


@pytest.mark.parametrize("question", [
    "How does Spotify know what songs I like?",           # music, the subject list says; a recommender, really
    "Could a computer learn to play games by itself?",    # games; reinforcement learning
    "How does my phone unlock when it sees my face?",     # phones; face recognition
    "Can I put a trained model on my phone?",             # phones; edge deployment
])
def test_a_machine_that_learns_or_decides_is_on_topic_whatever_it_resembles(declines, question: str) -> None:
    assert "[off_topic]" not in declines(question)[1]


@pytest.mark.parametrize("question", [
    "How do I learn to touch type faster?",               # a person learns: not the exemption
    "How do I cancel my Netflix subscription?",           # a product the document names, used, not learning
    "Is PayPal cheaper than a bank transfer?",
    "What's the best phone model to buy?",                # a model, but not a learned one
])
def test_people_learning_and_using_products_stay_off_topic(declines, question: str) -> None:
    declined, what = declines(question)
    assert declined, what


@pytest.mark.parametrize("question", [  # dev-8 look-alikes, declined for their everyday frame
    "During a tea break a colleague kept saying Docker. Is that about ships and dockworkers?",
    "At a Halloween party a guy came dressed as a perceptron. What on earth is a perceptron?",
    "My barista friend says Caffe isn't only a coffee, it's some AI thing too. What is it and who made it?",
    "Which title by François Chollet is on the reading list?",  # dev-9 h9q15: a bookshop question to the gate
    "Which book did Francois Chollet write, according to the guide?",  # typed without the accent
    # ... asked after a scene in a sentence of its own (dev-28 h28q49's kind: a wh-question after the scene)
    "I was sorting old photos at my gran's house last weekend. Which title by Francois Chollet is on the "
    "reading list?",
    "Which two NVIDIA graphics cards does the hardware step name?",  # dev-17 h17q10: a little nearer shopping
    # dev-18 h18q43: the two sides set against each other in loose words, nearer spreadsheets than any passage
    "Among the use cases compared, which data and which patterns is the deep side best at, set against "
    "spreadsheets on the classic side?",
    # asking what the guide gives, in a cartoonist's frame nearer drawing than any passage (dev-23 h23q22)
    "A cartoonist mate says a newer family of picture-making programs cleans up noise. Which examples of that "
    "family does the guide give?",
    # what a part of the document says, in scenes nearer carving and the seaside than any passage (dev-26 h26q23,
    # h26q50)
    "I carve ice sculptures for weddings and fancy night classes in AI. How does the closing part describe what "
    "that road will be like?",
    "On a rock-pooling trip a painter told me DALL·E changed her line of work. Who does the case study say the wave "
    "of tools it inspired is meant for?",
    # a list item's label, never written in lower case, asked of after a scene (a dev-37 look-alike: gardening)
    "While we were repotting ferns, my neighbour asked which research group created Caffe. Which one was it?",
    "Weeding the vegetable patch, I wondered which programming language Weka is written in. Which is it?",
])
def test_what_a_thing_the_document_names_is_passes_whatever_its_frame(declines, question: str) -> None:
    assert "[off_topic]" not in declines(question)[1]


@pytest.mark.parametrize("question", [  # the same kind of word, asked no such thing or not the document's name
    "What's the best GPU to buy for gaming?",             # "Gaming:" labels an industry line; not asked what it is
    "Which NVIDIA card is best for gaming?",              # the document's capitals, in a frame far nearer shopping
    "What's the secret to a proper French omelette?",     # a people's word, not a thing
    "What are the rules of Conway's Game of Life?",       # "life" is a word the document writes in lower case
    "Is a classic sourdough or a deep-pan pizza base easier to make at home?",  # loose side words, no side
    # a label the document also writes in lower case is an everyday word ("privacy"), not a name
    "While we were repotting ferns, my neighbour asked which Privacy settings her new phone has. Which are they?",
])
def test_a_rare_word_that_is_no_thing_of_the_document_stays_off_topic(declines, question: str) -> None:
    declined, what = declines(question)
    assert declined, what


@pytest.mark.parametrize("question, asks", [
    ("A cartoonist mate says a newer family of picture-making programs cleans up noise. Which examples of that "
     "family does the guide give?", True),
    ("Is that worry raised anywhere in the guide?", True),
    ("What does the post say about hiring?", True),
    ("Who is the author of Moby-Dick?", False),  # another work's author
    ("Why do some text editors store the document as a rope instead of one long string?", False),
    ("How do I write a good tour guide?", False),
    # a part of the document said to say something (dev-26 h26q23, h26q50 were declined on their scenes)
    ("I carve ice sculptures and fancy night classes in AI. How does the closing part describe that road?", True),
    ("Who does the case study say the wave of tools it inspired is meant for?", True),
    ("How does the post's final paragraph put it?", True),
    ("How do I remove an item in the list in Python?", False),  # a part named, said to say nothing
])
def test_a_question_on_what_the_document_says(question, asks):
    from tutor.relevance import asks_the_document

    assert asks_the_document(question) is asks


@pytest.mark.parametrize("question", [
    "Does the guide say how to bake sourdough at home?",  # asks the document, of a subject it never touches
    "According to the post, what is the best pasta sauce?",
])
def test_asking_the_document_of_an_everyday_subject_is_still_declined(declines, question: str) -> None:
    declined, what = declines(question)
    assert declined, what
