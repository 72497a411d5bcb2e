"""YAML loaded within bounds: nesting limited before it recurses, aliases limited by what they
expand to (billion laughs, merge-key bombs), and tags checked against their values.

``compose`` gives the node graph (position-keeping readers convert it themselves); ``load_data``
gives plain data (rule files, sniffing in folder walks). Every problem is a ``yaml.YAMLError``
with a position where one is known, so callers keep one ``except``.
"""

from __future__ import annotations

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

from scusa_lint.limits import YAML_MAX_DEPTH, YAML_MAX_NODES

_FAST_LOADER = getattr(yaml, "CSafeLoader", None)  # libyaml: its parser limits nesting itself
_CORE = "tag:yaml.org,2002:"
KNOWN_TAGS = {_CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp", "binary", "seq",
                                        "map", "merge", "omap", "pairs", "set", "value")}


class BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing nesting deeper than ``YAML_MAX_DEPTH`` while composing."""

    def __init__(self, stream) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        self._depth += 1
        try:
            if self._depth > YAML_MAX_DEPTH:
                raise ComposerError(None, None, f"nested more than {YAML_MAX_DEPTH} levels deep",
                                    self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def check_graph(node: yaml.Node | None) -> None:
    """Refuse a node graph that expands to more than ``YAML_MAX_NODES`` values through its aliases,
    or holds an unknown tag. Iterative: the graph's depth never meets Python's recursion limit."""
    if node is None:
        return
    sizes: dict[int, int] = {}
    visiting: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(node, False)]
    while stack:
        current, done = stack.pop()
        if id(current) in sizes:
            continue
        if current.tag not in KNOWN_TAGS:
            raise ConstructorError(None, None, f"unknown tag {current.tag!r}", current.start_mark)
        children = [] if isinstance(current, yaml.ScalarNode) else (
            current.value if isinstance(current, yaml.SequenceNode) else [n for pair in current.value for n in pair])
        if done:
            size = 1 + sum(sizes[id(child)] for child in children)
            if size > YAML_MAX_NODES:
                raise ComposerError(None, None, f"the aliases expand to more than {YAML_MAX_NODES} values",
                                    current.start_mark)
            sizes[id(current)] = size
            visiting.discard(id(current))
            continue
        if id(current) in visiting:
            raise ComposerError(None, None, "an alias refers to the value that holds it", current.start_mark)
        visiting.add(id(current))
        stack.append((current, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)


def construct(loader: yaml.SafeLoader, node: yaml.Node):
    """The value of a scalar node; a value its tag does not allow (``!!bool maybe``, ``!!int abc``)
    is a ``ConstructorError`` at its position, not a ``KeyError``."""
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError:
        raise
    except (ValueError, OverflowError):
        if node.tag == _CORE + "timestamp":  # a date-like text that is no date (2025-13-45): the text
            return node.value
        raise _misfit(node) from None
    except (KeyError, AttributeError, TypeError):
        raise _misfit(node) from None


def _misfit(node: yaml.Node) -> ConstructorError:
    tag = node.tag.replace(_CORE, "!!")
    return ConstructorError(None, None, f"{node.value!r} is not a valid {tag}" if isinstance(node.value, str)
                            else f"a value that is not a valid {tag}", node.start_mark)


def load_data(text: str):
    """Plain data of a one-document YAML text, within the bounds."""
    loader = (_FAST_LOADER or BoundedLoader)(text)
    try:
        node = loader.get_single_node()
        check_graph(node)
        if node is None:
            return None
        try:
            return loader.construct_document(node)
        except yaml.YAMLError:
            raise
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError) as exc:
            raise ConstructorError(None, None, f"a value does not fit its tag ({exc})", node.start_mark) from None
    finally:
        loader.dispose()
