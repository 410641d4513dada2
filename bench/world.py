"""The benchmark's data (bench/run.py): municipalities, units, organisations, users and audit entries, grown to a
given number of organisations with fast inserts."""

import datetime
import math
import random


def fast_insert(model, objs: list) -> None:
    """INSERT many rows with executemany: the ORM's bulk_create costs ~5x more Python per row at 100,000 rows.

    Values go through each field's pre_save (auto_now, defaults already set by the model) and the backend's
    own date adapters, so the rows are what bulk_create would have written. Primary keys must be set.
    """
    from django.db import connection

    fields = list(model._meta.concrete_fields)
    ops = connection.ops
    convert = []
    for f in fields:
        kind = f.get_internal_type()
        if kind == "DateTimeField":
            convert.append(ops.adapt_datetimefield_value)
        elif kind == "DateField":
            convert.append(ops.adapt_datefield_value)
        elif kind in {"JSONField", "DecimalField", "UUIDField", "TimeField", "DurationField", "BinaryField"}:
            convert.append(lambda v, f=f: f.get_db_prep_save(v, connection))
        else:
            convert.append(None)
    pairs = list(zip(fields, convert, strict=True))
    rows = [tuple(f.pre_save(o, True) if c is None else c(f.pre_save(o, True)) for f, c in pairs) for o in objs]
    sql = (f"INSERT INTO {ops.quote_name(model._meta.db_table)} "
           f"({', '.join(ops.quote_name(f.column) for f in fields)}) VALUES ({', '.join(['%s'] * len(fields))})")
    with connection.cursor() as cursor:
        for i in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[i:i + 5000])


class World:
    """Grows the registry to a given number of organisations; sizes are cumulative (10 → 1,000 → 100,000)."""

    def __init__(self):
        from orientir.core.demo import SCALES

        rng = random.Random(2026)
        kinds = [k for k, count in SCALES["country"]["per_kind"].items() for _ in range(count)]
        rng.shuffle(kinds)  # so that the 10-organisation registry already mixes every kind
        seen: dict[str, int] = {}
        self.slots = []  # (kind, number of that kind inside the municipality)
        for kind in kinds:
            seen[kind] = seen.get(kind, 0) + 1
            self.slots.append((kind, seen[kind]))
        self.per_municipality = len(self.slots)
        self.rng = rng
        self.municipalities: list = []
        self.users: dict = {}
        self.detail_org = None

    def _ensure_municipalities(self, count: int) -> None:
        from orientir.directory.models import CommitteeUnit, Municipality
        from orientir.directory.reference import COMMITTEE_UNITS

        start = len(self.municipalities)
        if count <= start:
            return
        new = []
        for i in range(start + 1, count + 1):
            if i == 1:
                new.append(Municipality(name="Городской округ город Кострома", short_name="г. Кострома"))
            else:
                new.append(Municipality(name=f"Муниципальный округ № {i} (бенчмарк)", short_name=f"МО № {i}"))
        Municipality.objects.bulk_create(new, batch_size=1000)
        new = list(Municipality.objects.order_by("id")[start:count])
        CommitteeUnit.objects.bulk_create(
            [CommitteeUnit(municipality=m, name=name, short_name=short, kind=kind, sector=sector)
             for m in new for name, short, kind, sector in COMMITTEE_UNITS], batch_size=2000)
        self.municipalities.extend(new)

    def grow_to(self, target: int) -> None:
        from django.contrib.contenttypes.models import ContentType
        from django.core.management.color import no_style
        from django.db import connection, transaction
        from django.db.models import Max

        from orientir.core.demo import person
        from orientir.core.models import AuditEntry
        from orientir.core.text import search_blob
        from orientir.core.validators import make_inn10, make_ogrn
        from orientir.directory.demo import KIND_CUSTOMER_SHARE, KIND_TEMPLATES, STREETS
        from orientir.directory.models import Organisation

        rng = self.rng
        have = Organisation.objects.count()
        self._ensure_municipalities(math.ceil(target / self.per_municipality))
        ct = ContentType.objects.get_for_model(Organisation)
        next_org = (Organisation.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        next_audit = (AuditEntry.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        orgs: list = []
        entries: list = []

        def flush():
            with transaction.atomic():
                fast_insert(Organisation, orgs)
                fast_insert(AuditEntry, entries)
            orgs.clear()
            entries.clear()

        for seq in range(have, target):
            m_index, slot = divmod(seq, self.per_municipality)
            mun = self.municipalities[m_index]
            kind, n = self.slots[slot]
            sector, full_t, short_t, head_pos = KIND_TEMPLATES[kind]
            genitive = "Костромы" if m_index == 0 else f"округа № {m_index + 1}"
            last, first, middle = person(rng)
            is_customer = rng.random() < KIND_CUSTOMER_SHARE[kind]
            closed = seq > 10 and rng.random() < 0.02  # a few closed ones: the default filter hides them
            org = Organisation(
                id=next_org, municipality_id=mun.pk, kind=kind, sector=sector,
                full_name=full_t.format(city=genitive, n=n),
                short_name=short_t.format(n=n) + ("" if m_index == 0 else f" ({mun.short_name})"),
                inn=make_inn10(f"44{seq + 1:07d}"), ogrn=make_ogrn(f"10244{seq + 1:07d}"),
                address=f"156{rng.randint(0, 99):03d}, {mun.short_name}, {rng.choice(STREETS)}, "
                        f"д. {rng.randint(1, 120)}",
                head_position=head_pos, head_last_name=last, head_first_name=first, head_middle_name=middle,
                phone=f"+7 (4942) {rng.randint(30, 65)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
                email=f"org{seq + 1}@example.ru", is_customer=is_customer,
                customer_since=datetime.date(2022 + rng.randint(0, 3), rng.randint(1, 12), 1) if is_customer else None,
                status="closed" if closed else "active", closed_on=datetime.date(2025, 6, 30) if closed else None,
            )
            if hasattr(org, "refresh_derived"):
                org.refresh_derived()  # search_text, sort_name: what save() computes
            else:
                org.search_text = search_blob(org.short_name, org.full_name, org.inn, org.ogrn, org.address,
                                              org.head_full_name)
            orgs.append(org)
            # Every organisation has its «created» entry, as services.organisation_create writes one.
            entries.append(AuditEntry(id=next_audit, actor_name="Система", action="directory.organisation.created",
                                      content_type_id=ct.pk, object_id=str(next_org), object_repr=org.short_name))
            next_org += 1
            next_audit += 1
            if len(orgs) >= 10_000:
                flush()
        if orgs:
            flush()
        # Explicit ids leave PostgreSQL's sequences behind: move them past the rows just written.
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Organisation, AuditEntry]):
                cursor.execute(sql)
        if not self.users:
            self._make_users()

    def _make_users(self) -> None:
        from django.contrib.contenttypes.models import ContentType

        from orientir.accounts.models import User
        from orientir.core.models import AuditEntry
        from orientir.directory.models import Organisation

        city = self.municipalities[0]
        org = Organisation.objects.filter(municipality=city, kind="school", status="active").order_by("id").first()
        self.detail_org = org

        def make(username, **fields):
            user = User(username=username, last_name="Бенчмарков", first_name="Тест", middle_name="Тестович", **fields)
            user.set_unusable_password()
            user.save()
            return user

        self.users = {
            # A regional committee specialist (no municipality) sees every organisation: the worst case.
            "committee (all)": make("bench_committee_all", role="committee", municipality=None),
            "committee (city)": make("bench_committee_city", role="committee", municipality=city),
            "coordinator": make("bench_coordinator", role="coordinator", municipality=city, organisation=org),
        }
        # A card that has been edited a dozen times, so that its «История изменений» panel renders rows.
        ct = ContentType.objects.get_for_model(Organisation)
        actor = self.users["committee (city)"]
        AuditEntry.objects.bulk_create([
            AuditEntry(actor=actor, actor_name=actor.get_full_name(), action="directory.organisation.updated",
                       content_type=ct, object_id=str(org.pk), object_repr=org.short_name,
                       changes={"phone": [f"+7 (4942) 31-00-{i:02d}", f"+7 (4942) 31-00-{i + 1:02d}"],
                                "kind": ["school", "school"], "is_customer": [i % 2 == 0, i % 2 == 1]})
            for i in range(12)])
