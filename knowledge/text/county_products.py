"""A county's own products: a file that extends the synonym table, named by `products_file` in
config.yaml (given here by the command line, `use_products_file`) or FARMHUB_PRODUCTS, which
overrides it.

The file has the format of the `products:` section of knowledge/data/synonyms.yaml:

    products:
      荞麦: {category: 粮食, en: buckwheat, aliases: [荞子, 甜荞]}

Its products join the shipped ones everywhere names are read (prices, stations, demand,
listings, bookings, alerts, search). An entry named after a shipped product (by its name or
an alias) with only `aliases:` (or the same category and en) adds the county's local names
to that product, so its prices stay one:

    products:
      西红柿: {aliases: [毛秀才]}

Otherwise it only adds. A word the shipped table gives another product as an alias (羊, a
name of 羊肉) may be claimed by the county's product (肉羊: {aliases: [羊]}): the county knows
what its farmers mean by it. The word leaves the shipped product, and `claim_warnings` says
which product lost it (one warning line at start, no refusal). A shipped product's own name,
a pest or a `not_names` word is refused, as is an alias given twice, with the line it is on.
The file is read once, when the process starts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from knowledge.text.normalise import normalise

ENV_PATH = "FARMHUB_PRODUCTS"
SHIPPED_FILE = Path(__file__).parents[1] / "data" / "synonyms.yaml"
FIELDS = ("category", "en", "aliases")


class ProductsFileError(ValueError):
    """The county's products file cannot be used: the message names the file and the line."""


@dataclass(frozen=True)
class CountyProduct:
    """One product of the county's file, with the line it starts on."""

    name: str
    category: str
    en: str
    aliases: tuple[str, ...]
    line: int
    # True when the entry adds `aliases` to the shipped product `name` (its canonical name).
    extends: bool = False
    # The shipped aliases this product takes from another shipped product: (word, that
    # product, the line the word is on).
    claims: tuple[tuple[str, str, int], ...] = ()


# The `products_file` setting, handed over by the command line at start (this package reads
# no settings of its own: bot.core.config is above it).
_configured: Path | None = None


def use_products_file(path: str | Path | None) -> None:
    """The county's products file of the configuration (None or "": none).

    FARMHUB_PRODUCTS, when set, still wins: it is the environment's override.
    """
    global _configured
    _configured = Path(path) if path and str(path).strip() else None


def county_products_path() -> Path | None:
    """The file FARMHUB_PRODUCTS names, else the configured `products_file`, else None."""
    name = os.environ.get(ENV_PATH, "").strip()
    return Path(name) if name else _configured


def shipped_names(path: Path = SHIPPED_FILE) -> dict[str, str]:
    """Every name of the shipped table (products, pests, not_names) -> what it names."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    names: dict[str, str] = {}
    for name, info in (data.get("products") or {}).items():
        for word in (name, *(info.get("aliases") or ())):
            names[normalise(str(word))] = str(name)
    for name, aliases in (data.get("pests") or {}).items():
        for word in (name, *(aliases or ())):
            names[normalise(str(word))] = str(name)
    for word in data.get("not_names") or ():
        names.setdefault(normalise(str(word)), f"not_names: {word}")
    return names


def shipped_products(path: Path = SHIPPED_FILE) -> dict[str, tuple[str, str]]:
    """The shipped products, canonical name -> (category, en)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {
        str(name): (
            str(info.get("category", "")),
            " ".join(str(info.get("en", "")).lower().split()),
        )
        for name, info in (data.get("products") or {}).items()
    }


def read_county_products(
    path: Path, shipped: dict[str, str] | None = None
) -> tuple[CountyProduct, ...]:
    """The products of a county's file, checked against the shipped table.

    Raises ProductsFileError naming the file and the line of the first mistake.
    """
    shipped = shipped_names() if shipped is None else shipped
    products_of = shipped_products()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProductsFileError(
            f"products_file ({ENV_PATH}): cannot read {path}: {exc.strerror}"
        ) from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ProductsFileError(f"{path}{where}: not valid YAML ({problem})") from None
    if root is None:
        return ()

    def fail(node: yaml.Node, message: str) -> ProductsFileError:
        return ProductsFileError(f"{path} line {node.start_mark.line + 1}: {message}")

    if not isinstance(root, yaml.MappingNode):
        raise fail(root, "the file must start with `products:` (the synonym table's format)")
    section = None
    for key, value in root.value:
        if _scalar(key) != "products":
            raise fail(key, f"unknown section {_scalar(key)!r}: only `products:` is read")
        section = value
    if section is None or _is_null(section):
        return ()
    if not isinstance(section, yaml.MappingNode):
        raise fail(section, "`products:` must list products as  名称: {category, en, aliases}")
    taken: dict[str, tuple[str, int]] = {}  # a name of this file -> its product, its line
    products = []
    for key, value in section.value:
        line = key.start_mark.line + 1
        name = normalise(_scalar(key))
        if not name:
            raise fail(key, "a product needs a name")
        extends = shipped.get(name) if shipped.get(name) in products_of else None
        if extends is not None and extends != name and _gives_own(value, products_of[extends]):
            # A shipped alias named as a product of its own (生猪 with its own en, while the
            # table has it under 猪肉): the county's product, claiming the word.
            extends = None
        info = _fields(value, name, fail, products_of[extends] if extends else None)
        if extends is not None:
            # A shipped product's local names: its own names are no clash, and it stays one.
            name = extends
        aliases: list[str] = []
        for node in info["aliases"]:
            alias = normalise(_scalar(node))
            if not alias:
                raise fail(node, f"{name}: an empty alias")
            aliases.append(alias)
        named = zip(aliases, info["aliases"], strict=True)
        claims: list[tuple[str, str, int]] = []
        for word, node in (*([] if extends else [(name, key)]), *named):
            if extends is not None and shipped.get(word) == extends:
                continue  # already a name of that product
            owner = shipped.get(word)
            claimed = owner in products_of and owner != word
            if claimed and word not in taken:
                # Another shipped product's alias: the county's product takes it (a warning
                # says so, claim_warnings), as the county's farmers mean it.
                claims.append((word, str(owner), node.start_mark.line + 1))
                taken[word] = (name, line)
                continue
            if word in shipped and not claimed:
                what = shipped[word]
                raise fail(
                    node,
                    f"「{word}」 is already in the shipped synonym table"
                    + ("" if what == word else f" (a name of {what})")
                    + (
                        f": it cannot also name {name}"
                        if extends is not None
                        else ": a county file adds new products, it cannot redefine shipped ones"
                        " (to add a local name to a shipped product, give it only aliases)"
                    ),
                )
            if word in taken:
                other, other_line = taken[word]
                if other == name and node is not key:
                    raise fail(node, f"「{word}」 is given twice for {name}")
                raise fail(node, f"「{word}」 is already a name of {other} (line {other_line})")
            taken[word] = (name, line)
        if extends is not None:
            category, en = products_of[extends]
            products.append(
                CountyProduct(name, category, en, tuple(aliases), line, True, tuple(claims))
            )
            continue
        category, en = _scalar(info["category"]), " ".join(_scalar(info["en"]).lower().split())
        products.append(
            CountyProduct(name, category, en, tuple(aliases), line, claims=tuple(claims))
        )
    return tuple(products)


def claim_warnings(path: Path, products: tuple[CountyProduct, ...]) -> list[str]:
    """One warning line per shipped alias the county's products take from a shipped product."""
    return [
        f"⚠️ {path} line {at}: 「{word}」 now names {p.name}, no longer {owner} "
        f"(the shipped synonym table's {owner} is asked by its other names)"
        for p in products
        for word, owner, at in p.claims
    ]


def _gives_own(value: yaml.Node, shipped: tuple[str, str]) -> bool:
    """Whether an entry gives an English name other than the shipped product's: a product
    of its own, not local names of that one."""
    if not isinstance(value, yaml.MappingNode):
        return False
    for key, node in value.value:
        if _scalar(key) == "en" and " ".join(_scalar(node).lower().split()) != shipped[1]:
            return True
    return False


def _fields(
    value: yaml.Node, name: str, fail: Any, shipped: tuple[str, str] | None = None
) -> dict[str, Any]:
    """A product's category, en and alias nodes, each checked.

    `shipped` is the (category, en) of the shipped product the entry adds aliases to: it
    may leave both out, and may not give others.
    """
    if not isinstance(value, yaml.MappingNode):
        raise fail(value, f"{name}: write  {name}: {{category: 粮食, en: english, aliases: [...]}}")
    found: dict[str, Any] = {"aliases": []}
    for key, node in value.value:
        field = _scalar(key)
        if field not in FIELDS:
            raise fail(key, f"{name}: unknown field {field!r} (only category, en, aliases)")
        if field in found and field != "aliases":
            raise fail(key, f"{name}: {field} given twice")
        if field == "aliases":
            if _is_null(node):
                continue
            if not isinstance(node, yaml.SequenceNode):
                raise fail(node, f"{name}: aliases must be a list, like [别名一, 别名二]")
            if any(not isinstance(item, yaml.ScalarNode) for item in node.value):
                raise fail(node, f"{name}: each alias must be one word")
            found["aliases"] = node.value
        else:
            if not isinstance(node, yaml.ScalarNode) or not _scalar(node):
                raise fail(node, f"{name}: {field} must be one word")
            found[field] = node
    if shipped is not None:
        for field, own in zip(("category", "en"), shipped, strict=True):
            node = found.get(field)
            given = _scalar(node) if node is not None else own
            if field == "en":
                given = " ".join(given.lower().split())
            if given != own:
                raise fail(
                    node,
                    f"{name} is a shipped product ({field}: {own}): a county file can add "
                    f"its local names (only `aliases:`), not change its {field}",
                )
        if not found["aliases"]:
            raise fail(
                value,
                f"「{name}」 is already in the shipped synonym table: to add local names to it, "
                f"write  {name}: {{aliases: [...]}}",
            )
        return found
    for field in ("category", "en"):
        if field not in found:
            raise fail(value, f"{name}: {field} is missing")
    return found


def _scalar(node: yaml.Node) -> str:
    return str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")


def check_county_products(warn: Any = None) -> int:
    """How many products the county's file adds (0 when none is configured); each word it
    takes from a shipped product is said to `warn` (a callable taking one line), if given.

    Raises ProductsFileError when the file cannot be used: called at start-up, so a
    mistake is one line before anything runs.
    """
    path = county_products_path()
    if path is None:
        return 0
    products = read_county_products(path)
    if warn is not None:
        for warning in claim_warnings(path, products):
            warn(warning)
    return len(products)
