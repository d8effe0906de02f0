"""A small HTML reader: assert on pages the way a browser and a screen reader see them.

``page(response)`` gives the document tree; ``find``/``find_all`` match a tag and
attributes (``class_`` matches one class, ``aria_describedby`` means
``aria-describedby``, ``True`` means "present"). ``form_data`` collects what a
browser would post for a form, so admin tests post the page they were given.
"""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: list[tuple[str, str | None]], parent: "Element | None"):
        self.tag = tag
        self.attrs = {name: "" if value is None else value for name, value in attrs}
        self.parent = parent
        self.children: list[Element | str] = []

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"

    def __getitem__(self, name: str) -> str:
        return self.attrs[name]

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    @property
    def raw_text(self) -> str:
        if self.tag == "br":
            return "\n"
        return "".join(child if isinstance(child, str) else child.raw_text for child in self.children)

    @property
    def text(self) -> str:
        """The text content with whitespace collapsed."""
        return " ".join(self.raw_text.split())

    def iter(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def _matches(self, tag: str | None, attrs: dict) -> bool:
        if tag is not None and self.tag != tag:
            return False
        for key, wanted in attrs.items():
            name = "class" if key == "class_" else key.replace("_", "-")
            value = self.attrs.get(name)
            if wanted is True:
                if value is None:
                    return False
            elif name == "class":
                if wanted not in (value or "").split():
                    return False
            elif value != wanted:
                return False
        return True

    def find_all(self, tag: str | None = None, **attrs) -> list["Element"]:
        return [element for element in self.iter() if element._matches(tag, attrs)]

    def find(self, tag: str | None = None, **attrs) -> "Element":
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag or '*'}> matching {attrs}"
        return found[0]

    def by_id(self, element_id: str) -> "Element":
        found = self.find_all(id=element_id)
        assert len(found) == 1, f"expected one element with id {element_id!r}, found {len(found)}"
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", [], None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def page(response) -> Element:
    return parse(response.content.decode())


def error_summary(response) -> list[tuple[str, str]]:
    """(href, text) of each link in the error summary at the top of the page."""
    summary = page(response).find_all(class_="loket-error-summary")
    if not summary:
        return []
    return [(link["href"], link.text) for link in summary[0].find_all("a")]


def form_data(form: Element) -> dict[str, list[str]]:
    """What a browser posts for ``form`` (without pressing a named submit button)."""
    data: dict[str, list[str]] = {}
    for element in form.iter():
        name = element.get("name")
        if not name or element.get("disabled") is not None:
            continue
        if element.tag == "input":
            kind = element.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                continue
            if kind in {"checkbox", "radio"} and element.get("checked") is None:
                continue
            default = "on" if kind in {"checkbox", "radio"} else ""
            data.setdefault(name, []).append(element.get("value", default))
        elif element.tag == "textarea":
            text = element.raw_text
            data.setdefault(name, []).append(text[1:] if text.startswith("\n") else text)
        elif element.tag == "select":
            options = element.find_all("option")
            chosen = [option for option in options if option.get("selected") is not None]
            if not chosen and options and element.get("multiple") is None:
                chosen = options[:1]
            data.setdefault(name, []).extend(option.get("value", option.text) for option in chosen)
    return data
