"""LinkedInClient's calls for the In-ATS sync (issue 11): simpleJobPostings, atsCandidates,
atsApplications and their sub-resources.

A mixin of LinkedInClient: methods here use its helpers (self._api, self._url, self._batch, ...).
Each call takes at most 100 entities (the caller batches) and answers per entity: one refusal spoils
nothing else. Keys are our own ids (as strings); the organization URN is the integrationContext."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from linkedin_integration.client import assumed, restli
from linkedin_integration.client.errors import LinkedInError

MAX_ENTITIES = 100
CANDIDATE_ID = "atsCandidateId"
APPLICATION_ID = "atsJobApplicationId"
APPLICATIONS_PATH = "/v2/atsApplications"
APPLICATION_SUBRESOURCES = ("notes", "interviewFeedback", "stages")


def _compound(id_field: str, object_id: str, context: str) -> list[tuple[str, str]]:
    # The field order of LinkedIn's collection: the id, dataProvider, integrationContext.
    return [(id_field, str(object_id)), ("dataProvider", "ATS"), ("integrationContext", context)]


def _key_of(id_field: str):
    def key_of(raw: str) -> str:
        fields = restli.parse_key_string(raw)
        return fields[id_field]

    return key_of


def _check_size(ids: Sequence) -> None:
    if not ids:
        raise ValueError("no entity to send")
    if len(ids) > MAX_ENTITIES:
        raise ValueError(f"at most {MAX_ENTITIES} entities per call")


class SyncCalls:
    # Jobs: simple job postings, created and updated by batch_create; their tasks read afterwards.

    def post_job_postings(self, elements: Sequence[Mapping[str, Any]]) -> list[str | LinkedInError]:
        """Send job postings (CREATE, UPDATE or CLOSE each). Per element, in order: the task URN to
        check later, or the LinkedInError that refused it."""
        _check_size(elements)
        response = self._api(
            "POST",
            assumed.JOB_POSTINGS_PATH,
            restli_method="batch_create",
            json_body={"elements": [dict(element) for element in elements]},
        )
        return assumed.parse_job_posting_answers(
            self._json(response, "the job postings request"), count=len(elements), now=self.clock()
        )

    def job_posting_tasks(self, task_urns: Sequence[str]) -> restli.BatchResult:
        """Per task URN, its state: {status, jobPosting, errorMessage}."""
        _check_size(task_urns)
        response = self._api("GET", assumed.JOB_POSTING_TASKS_PATH, query=restli.simple_ids(task_urns))
        return self._batch(
            response,
            list(task_urns),
            restli.simple_key,
            "the job posting task request",
            entity=assumed.parse_job_posting_task,
        )

    # Candidates and applications: full replace (batch_update), delete (batch_delete).

    def put_candidates(self, context: str, entities: Mapping[str, dict]) -> restli.BatchResult:
        return self._put_keyed("/v2/atsCandidates", CANDIDATE_ID, context, entities, "the candidates sync")

    def delete_candidates(self, context: str, ids: Sequence[str]) -> restli.BatchResult:
        return self._delete_keyed("/v2/atsCandidates", CANDIDATE_ID, context, ids, "the candidates delete")

    def put_applications(self, context: str, entities: Mapping[str, dict]) -> restli.BatchResult:
        return self._put_keyed(
            "/v2/atsApplications", APPLICATION_ID, context, entities, "the applications sync"
        )

    def delete_applications(self, context: str, ids: Sequence[str]) -> restli.BatchResult:
        return self._delete_keyed(
            "/v2/atsApplications", APPLICATION_ID, context, ids, "the applications delete"
        )

    def link_candidates(self, context: str, links: Mapping[str, str | None]) -> restli.BatchResult:
        """Set (a person URN) or remove (None) each candidate's manualMatchedMember."""
        ids = list(links)
        _check_size(ids)
        body = {
            "entities": {
                restli.key_string(_compound(CANDIDATE_ID, object_id, context)): {
                    "patch": assumed.manual_match_patch(links[object_id])
                }
                for object_id in ids
            }
        }
        response = self._api(
            "POST",
            "/v2/atsCandidates",
            query=restli.ids_params([_compound(CANDIDATE_ID, object_id, context) for object_id in ids]),
            restli_method="batch_partial_update",
            json_body=body,
        )
        return self._batch(response, ids, _key_of(CANDIDATE_ID), "the profile link request")

    def candidate_matches(self, context: str, ids: Sequence[str]) -> restli.BatchResult:
        """Per candidate, the members LinkedIn matched: {matchedMembers: [...], manualMatchedMember}."""
        ids = [str(object_id) for object_id in ids]
        _check_size(ids)
        query = restli.ids_params([_compound(CANDIDATE_ID, object_id, context) for object_id in ids])
        query.append(("fields", "matchedMembers,manualMatchedMember"))
        response = self._api("GET", "/v2/atsCandidates", query=query)
        return self._batch(
            response,
            ids,
            _key_of(CANDIDATE_ID),
            "the candidate matches request",
            entity=assumed.parse_candidate_matches,
        )

    # Sub-resources: a candidate's notes; an application's notes, interview feedback and stages.

    def put_candidate_notes(self, context: str, candidate_id: str, entities: Mapping[str, dict]):
        path = self._subresource_path("/v2/atsCandidates", CANDIDATE_ID, candidate_id, context, "notes")
        return self._put_simple(path, entities, "the candidate notes sync")

    def delete_candidate_notes(self, context: str, candidate_id: str, ids: Sequence[str]):
        path = self._subresource_path("/v2/atsCandidates", CANDIDATE_ID, candidate_id, context, "notes")
        return self._delete_simple(path, ids, "the candidate notes delete")

    def put_application_records(
        self, context: str, application_id: str, resource: str, entities: Mapping[str, dict]
    ) -> restli.BatchResult:
        path = self._subresource_path(
            "/v2/atsApplications", APPLICATION_ID, application_id, context, resource
        )
        return self._put_simple(path, entities, f"the application {resource} sync")

    def delete_application_records(
        self, context: str, application_id: str, resource: str, ids: Sequence[str]
    ) -> restli.BatchResult:
        path = self._subresource_path(
            "/v2/atsApplications", APPLICATION_ID, application_id, context, resource
        )
        return self._delete_simple(path, ids, f"the application {resource} delete")

    # Plumbing of this capability.

    @staticmethod
    def _subresource_path(base, id_field, object_id, context, resource) -> str:
        if resource not in ("notes", *APPLICATION_SUBRESOURCES):
            raise ValueError(f"unknown sub-resource {resource}")
        return f"{base}/{restli.key_string(_compound(id_field, object_id, context))}/{resource}"

    def _put_keyed(self, path, id_field, context, entities, what) -> restli.BatchResult:
        ids = list(entities)
        _check_size(ids)
        keys = [_compound(id_field, object_id, context) for object_id in ids]
        body = {
            "entities": {
                restli.key_string(key): entities[object_id] for key, object_id in zip(keys, ids, strict=True)
            }
        }
        response = self._api(
            "PUT", path, query=restli.ids_params(keys), restli_method="batch_update", json_body=body
        )
        return self._batch(response, ids, _key_of(id_field), what)

    def _delete_keyed(self, path, id_field, context, ids, what) -> restli.BatchResult:
        ids = [str(object_id) for object_id in ids]
        _check_size(ids)
        keys = [_compound(id_field, object_id, context) for object_id in ids]
        response = self._api("DELETE", path, query=restli.ids_params(keys))
        return self._batch(response, ids, _key_of(id_field), what)

    def _put_simple(self, path, entities, what) -> restli.BatchResult:
        ids = list(entities)
        _check_size(ids)
        response = self._api(
            "PUT",
            path,
            query=restli.simple_ids(ids),
            restli_method="batch_update",
            json_body={"entities": {object_id: entities[object_id] for object_id in ids}},
        )
        return self._batch(response, ids, restli.simple_key, what)

    def _delete_simple(self, path, ids, what) -> restli.BatchResult:
        ids = [str(object_id) for object_id in ids]
        _check_size(ids)
        response = self._api("DELETE", path, query=restli.simple_ids(ids))
        return self._batch(response, ids, restli.simple_key, what)
