"""Post-processing of the OpenAPI schema (``SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]``)."""

# Schemas that a client generator turns into a class of its own, named after their title.
_NAMED_KINDS = ("enum", "properties", "additionalProperties")


def ascii_class_names(result, generator, request, public):
    """Drop the Chinese titles that would name generated classes (``PeopleList干部级别``).

    drf-spectacular titles an inline enum or object with its field's label; generators such as
    openapi-python-client name the class and its module after that title. Without it they name
    it after the operation and the field (``PeopleListCadreLevel``). The label is kept in the
    description (a query parameter's description already starts with it).
    """

    def walk(node):
        if isinstance(node, dict):
            title = node.get("title")
            if isinstance(title, str) and not title.isascii() and any(k in node for k in _NAMED_KINDS):
                del node["title"]
                node.setdefault("description", title)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result.get("paths", {}))
    walk(result.get("components", {}))
    return result
