"""A question's premise that a passage denies, or that gives one named thing what a passage says of another, is
answered with that line before any model call. The real store and retrieval; the scripted backend stands in for
the model, whose reply, accepting the premise, would be shown if the check did not catch it."""
from __future__ import annotations

import pytest

from tutor.engine import Tutor
from tutor.llm.scripted import ScriptedLLM
from tutor.premise import premises

ACCEPTS = "It does so because that is how it was designed [1]."


def ask(settings, question: str):
    settings = settings.model_copy(update={"rewrite_below": 0.0})
    return Tutor(settings, llm=ScriptedLLM(settings, [ACCEPTS, ACCEPTS])).ask(question, "premise")


@pytest.mark.parametrize("question, premise", [
    ("Since Keras runs on PyTorch, how do I install both?", "Keras runs on PyTorch"),
    ("The post says Edge AI sends each prediction to cloud servers; why does it do that?",
     "Edge AI sends each prediction to cloud servers"),
    ("According to the guide, Caffe was built by Google; why?", "Caffe was built by Google"),
    ("Why did Google design Caffe for speech?", "Google design Caffe for speech"),
    ("PayPal trains GANs on payments. How do they catch fraud?", "PayPal trains GANs on payments"),
    ("What makes random forests harder to interpret than deep nets?", "random forests harder to interpret than deep nets"),
])
def test_what_a_question_takes_for_granted(question, premise):
    assert premise in premises(question)


@pytest.mark.parametrize("question", [
    "A start-up owns thousands of hours of phone recordings plus GPU servers. What does deep learning need?",
    "My friend says bagging is an AI word. What does it mean?",
    "How many layers does a deep network have?",
    "What is a GAN?",
    # a scene opening on "As" (dev-19 h19q27 got the feedforward line as "it says otherwise")
    "As a lighthouse keeper I hear networks have 'hidden' layers. What do they do?",
    "So, my tutor says ML needs features. Why is that?",
    # a degree asked, not a premise (dev-29 h29q19 in other words got PayPal's Solution line as "says otherwise")
    "How accurate is Netflix's recommender for people who just joined?",
    "How small is the share of fraud PayPal misses?",
    # a participle setting a scene (a dev-41 look-alike in other words was told the Solution line says otherwise)
    "Strolling through the market I read about Netflix's recommender. How much of what members watch does it drive?",
])
def test_a_scene_a_figure_asked_or_a_plain_question_takes_nothing_for_granted(question):
    assert premises(question) == []


def test_a_premise_the_passage_denies_gets_that_line(ingested_settings):
    answer = ask(ingested_settings, "The post says Edge AI sends each prediction to cloud servers; why does it do that?")
    assert answer.coverage == "not_covered" and not answer.grounded and answer.timings.first_token_ms is None
    assert answer.answer.startswith("The document doesn't say that; it says otherwise:")
    assert "without relying on cloud servers" in answer.answer and ACCEPTS[:20] not in answer.answer


def test_a_premise_giving_one_tool_another_tools_line_gets_that_line(ingested_settings):
    # Caffe's line: "developed by Berkeley AI Research (BAIR). It is optimized for speed and modularity,
    # particularly for computer vision tasks"
    answer = ask(ingested_settings, "Why did Berkeley's BAIR lab build TensorFlow for speed in computer vision?")
    assert answer.coverage == "not_covered"
    assert "Caffe" in answer.answer and "optimized for speed and modularity" in answer.answer


def test_a_line_naming_nothing_is_quoted_under_its_heading(ingested_settings):
    answer = ask(ingested_settings, "How does DALL·E's discriminator judge whether its pictures look real?")
    assert answer.coverage == "not_covered"
    assert "under Generative Adversarial Networks (GANs):" in answer.answer


@pytest.mark.parametrize("question", [
    "Why does Edge AI avoid relying on cloud servers?",
    "Why does Edge AI run without cloud servers?",
    "Why can machine learning models be trained on standard CPUs?",
    "Why did Berkeley AI Research optimize Caffe for speed?",
    # a tool's own word, and one side given its own topics (controls for the opposite-word and wrong-side checks)
    "Why is Scikit-learn so popular?",
    "Why is XGBoost called efficient?",
    "How does RLHF bring language models in line with human preferences?",
    "Why does the deep learning path study Bayesian networks and Markov chains?",
    # a firm's own tool, a figure with its own words, a majority (controls for the link, figure and share checks)
    "How does PayPal use XGBoost to flag fraud?",
    "Why did predictive maintenance cut Siemens's downtime by 50%?",
    "Why do Netflix's recommendations drive most of what its members watch?",
    # a vast thing and a compressed one, as their lines say (controls for the size and compression words)
    "Since Go has a vast search space, how did AlphaGo cope?",
    "Why do autoencoders compress the input?",
    # the line's own order of size (a control for the size-per-day check)
    "How can PayPal's system handle millions of transactions per day?",
    # the lines' own "natively" and "reduced" (controls for the conversion and direction words)
    "Why does CatBoost need less data preprocessing for categorical features?",
    "How did Tesla's Autopilot reduce accidents below the US average?",
    "Why does quantization increase inference speed?",  # a rise not set against an average
])
def test_a_true_premise_is_left_to_the_model(ingested_settings, question):
    assert not ask(ingested_settings, question).answer.startswith("The document doesn't say that; it says otherwise")


def test_a_premise_giving_one_labelled_step_another_steps_line_gets_that_line(ingested_settings):
    # dev-18 h18nc16: the two passes of training, written in lower case, each given the other's job; the 1.5B
    # explained "forward propagation is the step that adjusts the weights" in the passages' own words
    answer = ask(ingested_settings, "Since backpropagation is the pass that pushes inputs through the hidden layers "
                                    "towards a prediction, why is forward propagation the step that adjusts the "
                                    "weights?")
    assert answer.coverage == "not_covered" and answer.answer.startswith("The document doesn't say that")
    assert "Data flows from the input layer" in answer.answer and ACCEPTS[:20] not in answer.answer


def test_a_labelled_step_given_its_own_job_is_answered(ingested_settings):
    answer = ask(ingested_settings, "Since backpropagation adjusts the weights to reduce the error, what does "
                                    "forward propagation do?")
    assert answer.coverage == "answered" and not answer.answer.startswith("The document doesn't say that"), \
        answer.answer


@pytest.mark.parametrize("question", [
    "Why are deep learning specialists paid below their classic ML peers in the pay tables?",  # dev-20 h20nc18
    "Why do deep learning beginners in India earn less than machine learning beginners there?",  # dev-9 h9nc19
])
def test_a_premise_ranking_the_two_sides_the_other_way_gets_the_line(ingested_settings, question):
    answer = ask(ingested_settings, question)
    assert answer.coverage == "not_covered" and answer.answer.startswith("The document doesn't say that"), \
        answer.answer
    assert "generally higher than those for Machine Learning" in answer.answer and ACCEPTS[:20] not in answer.answer


@pytest.mark.parametrize("text, line, against", [
    ("Deep learning specialists are paid below ML ones.",
     "Salaries for Deep Learning professionals are generally higher than those for Machine Learning.", True),
    ("ML engineers earn less than deep learning engineers.",
     "Salaries for Deep Learning professionals are generally higher than those for Machine Learning.", False),
    ("ML models need larger datasets than deep learning models.",
     "ML models can perform well with smaller datasets compared to Deep Learning models.", True),
    # another measure, or a comparative outside the two names, ranks nothing against the line
    ("Deep learning models are bigger than machine learning ones.",
     "Salaries for Deep Learning professionals are generally higher than those for Machine Learning.", False),
    ("Below is a comparison of machine learning and deep learning.",
     "Salaries for Deep Learning professionals are generally higher than those for Machine Learning.", False),
])
def test_ranking_the_two_sides(text, line, against):
    from tutor.sides import ranked_against
    assert ranked_against(text, line) is against


def test_a_premise_turning_a_models_data_the_other_way_round_gets_the_line(ingested_settings):
    # dev-16 h16nc17: the 1.5B said back "CLIP (Image-to-Text) turns text into pictures, while DALL·E ..."
    answer = ask(ingested_settings, "Why is CLIP the one that turns text into pictures while DALL·E turns pictures "
                                    "into text?")
    assert answer.coverage == "not_covered" and answer.answer.startswith("The document doesn't say that"), \
        answer.answer
    assert "CLIP (image-to-text)" in answer.answer and ACCEPTS[:20] not in answer.answer


@pytest.mark.parametrize("text, turned", [
    ("CLIP (Image-to-Text) turns text into pictures.", "CLIP"),
    ("How does Whisper turn text into speech?", "Whisper"),
    ("Whisper turns speech into text.", None),
    ("CLIP (image-to-text) describes pictures in words.", None),
    ("DALL·E (text-to-image) turns a text prompt into a picture.", None),
])
def test_which_way_a_named_model_turns_data(text, turned):
    from tutor.binding import turned_round
    line = "Examples include DALL·E (text-to-image), CLIP (image-to-text), and Whisper (speech-to-text)."
    assert turned_round(text, line) == turned


@pytest.mark.parametrize("question, line", [
    # dev-21 h21nc19 and h21nc18, in other words: the opposite word of the tool's own line
    ("Why does the guide call Scikit-learn an obscure library that few developers use?", "most popular"),
    ("Why does the tools list describe XGBoost as sluggish?", "scalable and efficient"),
    # dev-18 h18nc19 in other words
    ("Why does RLHF steer chatbots away from what people value?", "align language models with human values"),
    # dev-47 h47nc17 and h47nc19 in other words: converted first against "natively", raised against "reduced"
    ("Why must CatBoost have its category columns converted into numbers before it trains?",
     "handles categorical features natively"),
    ("How come Autopilot put the crash rate of Teslas higher than the average US car's?",
     "reduced the number of accidents"),
])
def test_a_premise_with_the_opposite_word_of_a_tools_line_gets_that_line(ingested_settings, question, line):
    answer = ask(ingested_settings, question)
    assert answer.coverage == "not_covered" and line in answer.answer, answer.answer


def test_a_premise_giving_one_side_the_other_sides_named_topics_gets_that_line_and_its_side(ingested_settings):
    # dev-21 h21nc16 in other words: the deep learning path's statistics given to the classic path
    answer = ask(ingested_settings, "Why do Markov chains and Bayesian networks top the statistics topics of the "
                                    "conventional roadmap, not of the neural one?")
    assert answer.coverage == "not_covered", answer.answer
    assert "says otherwise of deep learning" in answer.answer and "Markov chains" in answer.answer


@pytest.mark.parametrize("question, line", [
    # dev-22 h22nc16..20 in other words: two labelled kinds given each other's examples, a figure given the other
    # figure's words, a small share against the line's 80%, a side with no name called a poor fit for what its line
    # says it works well with, a firm said to use a tool its case study never names
    ("Why does regression handle discrete labels like spam, while classification predicts continuous values such "
     "as house prices?", "Predicting"),
    ("Why did predictive maintenance cut Siemens's maintenance costs by 50% but its downtime by 30%?",
     "reduce downtime by up to 50%"),
    ("Why do Netflix's recommendations drive only a tiny share of the content people watch?", "80%"),
    ("Why are classical ML models ill-suited to spreadsheets and databases?", "Works well with tabular data"),
    ("How did PayPal use federated learning to vet payments?", "PayPal uses Machine Learning models"),
    # dev-23 h23nc16 and h23nc19 in other words: two kinds each given the other's item, joined by a bare "and" (one
    # named only by its heading, in lower case), and a case study said to get worse where its line says it improves
    ("Why is image denoising a GAN job and super-resolution an autoencoders job in the post?", "Super-resolution"),
    ("Why does Tesla's Autopilot grow worse with each over-the-air update?", "continues to improve"),
    # dev-24 h24nc17 in other words: two GAN uses, plain list items named by the words before their "(e.g., ...)",
    # each given the other's example
    ("Why is data augmentation the GAN use that makes realistic faces, while image generation fabricates extra "
     "training examples?", "creating realistic faces"),
    # dev-25 h25nc18 and h25nc19 in other words: a small thing where the line says vast (no name the word list
    # knows: "Go"), and made bigger where the line says compressed
    ("Given that Go's search space is tiny, why did AlphaGo need neural networks at all?", "vast search space"),
    ("Why do autoencoders expand their input into a higher-dimensional code?", "compresses the input"),
    # dev-27 h27nc19 in other words: bigger and slower where the line says smaller and faster
    ("Why do pruning and distillation make a model larger and slow it down at inference?", "reduce model size"),
    # dev-26 h26nc19 in other words: another order of size for the same stretch of time
    ("Why is PayPal's fraud detection limited to a few thousand transactions per day?", "millions of transactions"),
    # dev-28 h28nc17..19 in other words: two things ranked the other way on a measure, named things by the line
    # labelled with the second, the two sides by each side's lines on the measure
    ("Why do LSTMs train faster than GRUs?", "simpler architecture"),
    ("Why can deep learning do with fewer examples than traditional machine learning?", "millions of data points"),
    ("How does a neural network finish training quicker than a decision tree on a laptop?", "weeks"),
    # dev-29 h29nc19 and h29nc18 in other words: interpretability ranked the other way; the hardware of the two sides
    # swapped, one name a clause
    ("What makes deep nets more transparent than linear regression?", "black boxes"),
    ("Why do traditional models need TPUs while neural networks run fine on CPUs?", "GPUs or TPUs"),
    # dev-30 h30nc18 and h30nc19 in other words: each side given the other side's word, in a clause of its own
    ("Why must neural networks have their features picked by hand, while classic models learn them unaided?",
     "Automatic feature extraction"),
    ("How come linear regression is opaque, whereas deep nets are easy to interpret?", "interpretable"),
    # dev-32 h32nc20 and h32nc16 in other words: model size ranked the other way; a cloud's service filed under
    # another cloud, whose line lacks it
    ("Why are neural networks simpler than classical ML models?", "millions or even billions of parameters"),
    ("Why does the guide put Amazon SageMaker among Microsoft Azure's services?", "Amazon SageMaker"),
    # dev-36 h36nc16 in other words: a case study's thing given another maker, here one it names nowhere
    ("Why did Adobe develop DALL·E rather than an audio model?", "OpenAI developed DALL·E"),
    ("Why did OpenAI build AlphaGo for the game of Go?", "DeepMind developed AlphaGo"),
])
def test_a_premise_the_passages_say_otherwise_of_gets_their_line(ingested_settings, question, line):
    answer = ask(ingested_settings, question)
    assert answer.coverage == "not_covered" and answer.answer.startswith("The document doesn't say that"), \
        answer.answer
    assert line in answer.answer and ACCEPTS[:20] not in answer.answer


@pytest.mark.parametrize("question", [
    # ... and the same rankings the right way round are answered
    "Why do GRUs train faster than LSTMs?",
    "Why does deep learning need more data than traditional machine learning?",
    "Why does a decision tree finish training quicker than a neural network?",
    "What makes decision trees easier to interpret than deep networks?",
    "Why can classic ML run on CPUs while deep learning needs GPUs?",
    "Why must classic models have their features picked by hand, while neural networks learn them unaided?",
    "How come linear regression is easy to interpret, whereas deep nets are opaque?",
    "Why are deep learning models such black boxes?",
    "Why do deep networks have more parameters than classic machine learning models?",
    "Why does the guide list Vertex AI among Google Cloud's services?",
    # ... and a maker the passage itself names, or the firm that owns it ("Google’s DeepMind wanted to create ...")
    "Why did DeepMind develop AlphaGo?",
    "Why did Google build AlphaGo?",
    "Why did OpenAI develop DALL·E?",
])
def test_a_ranking_the_passages_agree_with_is_no_false_premise(ingested_settings, question):
    answer = ask(ingested_settings, question)
    assert not answer.answer.startswith("The document doesn't say that"), answer.answer
