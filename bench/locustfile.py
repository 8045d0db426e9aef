"""Locust users doing a working day in Lotsa (run by bench/load.py, not on its own).

Coaches open "Mina ärenden", a case, search for a participant and write a draft note; referrers
read their referrals and open the referral form; managers read the intake queue and the unit's
cases. Usernames come from LOTSA_LOAD_USERS ("role:username,…"); every one has the password in
LOTSA_LOAD_PASSWORD. A response that is not 200 (or the redirect after a saved note) counts
as an error.
"""

import os
import random
import re
from datetime import date

from load_mix import THINK_SECONDS
from locust import HttpUser, between, task

PASSWORD = os.environ.get("LOTSA_LOAD_PASSWORD", "")
USERS: dict[str, list[str]] = {}
for entry in os.environ.get("LOTSA_LOAD_USERS", "").split(","):
    if entry:
        role, username = entry.split(":", 1)
        USERS.setdefault(role, []).append(username)

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CASE_LINK = re.compile(r'href="/arenden/(\d+)/"')
SEARCH_NAMES = ("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson")


class _Staff(HttpUser):
    abstract = True
    role = ""
    wait_time = between(*THINK_SECONDS)

    def on_start(self) -> None:
        self.username = random.choice(USERS[self.role])
        form = self.client.get("/logga-in/", name="logga in (formulär)")
        token = CSRF.search(form.text)
        assert token, "no CSRF token on the sign-in page"
        with self.client.post(
            "/logga-in/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1),
            },
            name="logga in",
            catch_response=True,
        ) as response:
            if "/logga-in/" in response.url:
                response.failure(f"sign-in failed for {self.username}")

    def csrf(self, html: str) -> str:
        match = CSRF.search(html)
        return match.group(1) if match else ""


class Coach(_Staff):
    role = "coach"
    weight = 5
    case_ids: list[str] = []

    @task(4)
    def my_cases(self) -> None:
        response = self.client.get("/arenden/mina/", name="Mina ärenden")
        self.case_ids = CASE_LINK.findall(response.text) or self.case_ids

    @task(4)
    def case_page(self) -> None:
        if self.case_ids:
            self.client.get(f"/arenden/{random.choice(self.case_ids)}/", name="Ärendesidan")

    @task(2)
    def search(self) -> None:
        self.client.get(
            "/deltagare/", params={"q": random.choice(SEARCH_NAMES)}, name="Deltagarsök"
        )

    @task(1)
    def write_note(self) -> None:
        if not self.case_ids:
            return
        case_id = random.choice(self.case_ids)
        page = self.client.get(f"/arenden/{case_id}/", name="Ärendesidan")
        with self.client.post(
            f"/journal/arende/{case_id}/ny/",
            data={
                "csrfmiddlewaretoken": self.csrf(page.text),
                "note-kind": "conversation",
                "note-occurred_on": date.today().isoformat(),
                "note-text": "Samtal om nästa steg (lasttest, syntetiskt).",
            },
            name="Ny anteckning",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or f"/arenden/{case_id}/" not in response.url:
                response.failure(f"note not saved: {response.status_code} {response.url}")


class Referrer(_Staff):
    role = "referrer"
    weight = 2

    @task(3)
    def my_referrals(self) -> None:
        self.client.get("/remisser/mina/", name="Mina remisser")

    @task(1)
    def referral_form(self) -> None:
        self.client.get("/remisser/ny/", name="Ny remiss (formulär)")


class Manager(_Staff):
    role = "manager"
    weight = 1

    @task(3)
    def queue(self) -> None:
        self.client.get("/remisser/ko/", name="Remisskön")

    @task(2)
    def unit_cases(self) -> None:
        self.client.get("/arenden/enheten/", name="Enhetens ärenden")
