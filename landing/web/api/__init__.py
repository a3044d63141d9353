"""The JSON API under /api/v1: token auth and JSON errors, prospects, pitches and call
logging (routes), and the OpenAPI document that describes it (openapi, with the JSON Schemas
of its bodies in schemas)."""
