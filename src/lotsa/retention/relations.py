"""The rows that belong to a participant or a case, discovered from the models' `_meta`.

A row belongs to another when it points at it with a foreign key or one-to-one field the
database enforces (a note belongs to its case), or when the other row points at it with a
one-to-one field (a case's referral is the case's alone). Models that other engineers add under a
participant, a case, a referral or a note are therefore found without changes here.

Foreign keys declared with `db_constraint=False` are references meant to outlive their target —
the audit log's link to the participant — so they are never followed and never block a delete.
"""

from collections import Counter, deque
from graphlib import CycleError, TopologicalSorter
from typing import Any

from django.db import models
from django.db.models import Max
from django.db.models.fields.reverse_related import ForeignObjectRel

ModelType = type[models.Model]
Rows = dict[ModelType, set[Any]]


def owned_relations(model: ModelType) -> list[ForeignObjectRel]:
    """Reverse foreign-key and one-to-one relations whose rows belong to a row of `model`."""
    relations = []
    for field in model._meta.get_fields(include_hidden=True):
        if field.concrete or not field.auto_created:
            continue
        if not (field.one_to_many or field.one_to_one):
            continue
        assert isinstance(field, ForeignObjectRel)
        if field.parent_link or not getattr(field.field, "db_constraint", True):
            continue
        if field.related_model._meta.auto_created:  # many-to-many tables go with their rows
            continue
        relations.append(field)
    return relations


def shared_relations(model: ModelType) -> list[ForeignObjectRel]:
    """Reverse many-to-many relations: rows that mention a row of `model` but are not its own."""
    return [
        field
        for field in model._meta.get_fields(include_hidden=True)
        if field.many_to_many and field.auto_created and not field.concrete
    ]


def exclusive_links(model: ModelType) -> list[models.OneToOneField[Any, Any]]:
    """Forward one-to-one fields: what they point at belongs to the row (a case's referral)."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.OneToOneField) and not field.remote_field.parent_link
    ]


def collect_owned(
    model: ModelType, pks: set[Any], *, stop: frozenset[ModelType] = frozenset()
) -> Rows:
    """Every row that belongs, directly or through others, to the `model` rows `pks`.

    Keys are in the order the models were found, starting with `model` itself. The walk does
    not enter the models in `stop` (rows the caller handles itself).
    """
    found: Rows = {model: set(pks)}
    queue: deque[tuple[ModelType, set[Any]]] = deque([(model, set(pks))])
    while queue:
        current, ids = queue.popleft()
        if current in stop:
            continue
        for relation in owned_relations(current):
            related = relation.related_model
            lookup = {f"{relation.field.attname}__in": ids}
            new = set(related._base_manager.filter(**lookup).values_list("pk", flat=True))
            _add(found, queue, related, new)
        for field in exclusive_links(current):
            targets = current._base_manager.filter(pk__in=ids).exclude(**{field.attname: None})
            new = set(targets.values_list(field.attname, flat=True))
            _add(found, queue, field.related_model, new)
    return found


def _add(
    found: Rows, queue: deque[tuple[ModelType, set[Any]]], model: ModelType, pks: set[Any]
) -> None:
    new = pks - found.get(model, set())
    if new:
        found.setdefault(model, set()).update(new)
        queue.append((model, new))


def lookup_paths(root: ModelType) -> dict[ModelType, str]:
    """For each model that belongs to `root`, the ORM lookup from it to the root row's key.

    `lookup_paths(Case)[FollowUp] == "case"`, `[Note] == "case"`, `[Referral] == "case"`.
    """
    paths: dict[ModelType, str] = {root: "pk"}
    queue: deque[ModelType] = deque([root])

    def extend(model: ModelType, step: str, parent: ModelType) -> None:
        if model in paths:
            return
        paths[model] = step if parent is root else f"{step}__{paths[parent]}"
        queue.append(model)

    while queue:
        current = queue.popleft()
        for relation in owned_relations(current):
            extend(relation.related_model, relation.field.name, current)
        for field in exclusive_links(current):
            extend(field.related_model, field.related_query_name(), current)
    return paths


def latest_values_per_root(
    root: ModelType, fields: dict[ModelType, tuple[str, ...]]
) -> dict[Any, list[Any]]:
    """The latest value of each named field of each model under each `root` row.

    Returns {root pk: [latest value per model and field]}; one aggregate query per model and
    field, whatever the number of rows.
    """
    latest: dict[Any, list[Any]] = {}
    for model, path in lookup_paths(root).items():
        for name in fields.get(model, ()):
            rows = (
                model._base_manager.exclude(**{f"{path}__isnull": True})
                .exclude(**{f"{name}__isnull": True})
                .values(path)
                .annotate(latest=Max(name))
                .values_list(path, "latest")
                .order_by()
            )
            for key, value in rows:
                latest.setdefault(key, []).append(value)
    return latest


def deletion_order(found: Rows) -> list[ModelType]:
    """The models of `found`, each after every model whose rows point at it."""
    sorter: TopologicalSorter[ModelType] = TopologicalSorter()
    for model in found:
        sorter.add(model)
        for field in model._meta.concrete_fields:
            target = field.related_model
            if field.is_relation and target in found and target is not model:
                sorter.add(target, model)
    try:
        return list(sorter.static_order())
    except CycleError as cycle:
        message = f"Cannot order the delete, the models point at each other: {cycle}"
        raise RuntimeError(message) from cycle


def delete_rows(found: Rows) -> Counter[str]:
    """Delete every row in `found`, children first; returns rows deleted per model label.

    Call inside a transaction. Rows pointing at each other within one model (an amendment to
    a note) are deleted from the leaves inwards.
    """
    deleted: Counter[str] = Counter()
    for model in deletion_order(found):
        deleted.update(_delete_model_rows(model, found[model]))
    return deleted


def _delete_model_rows(model: ModelType, pks: set[Any]) -> Counter[str]:
    deleted: Counter[str] = Counter()
    self_links = [
        field
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is model
    ]
    remaining = set(pks)
    while remaining:
        referenced: set[Any] = set()
        for field in self_links:
            pointing = model._base_manager.filter(
                pk__in=remaining, **{f"{field.attname}__in": remaining}
            )
            referenced |= set(pointing.values_list(field.attname, flat=True))
        leaves = remaining - referenced
        if not leaves:
            raise RuntimeError(f"Rows of {model._meta.label} point at each other in a circle.")
        _count, per_model = model._base_manager.filter(pk__in=leaves).delete()
        deleted.update(per_model)
        remaining -= leaves
    return deleted


def is_referenced(model: ModelType, pk: Any) -> bool:
    """Whether any row still points at this row through a constraint or a many-to-many field."""
    for relation in owned_relations(model):
        if relation.related_model._base_manager.filter(**{relation.field.attname: pk}).exists():
            return True
    for relation in shared_relations(model):
        if relation.related_model._base_manager.filter(**{relation.field.name: pk}).exists():
            return True
    return False


def foreign_rows(found: Rows, allowed: dict[ModelType, set[Any]]) -> list[str]:
    """Rows in `found` that point at a row of an `allowed` model outside its allowed keys.

    Culling uses it to refuse deleting anything that also belongs to someone else's records.
    """
    problems = []
    for model, pks in found.items():
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.related_model not in allowed:
                continue
            outside = (
                model._base_manager.filter(pk__in=pks)
                .exclude(**{f"{field.attname}__isnull": True})
                .exclude(**{f"{field.attname}__in": allowed[field.related_model]})
            )
            if outside.exists():
                problems.append(f"{model._meta.label}.{field.name}")
    return problems
