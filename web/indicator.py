"""Placeholder of the indicator screen's routes (issue 20): its helper replaces this module."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
