"""Addresses of organisations merged into others (directory/merge.py); made by merging only."""

from django.contrib import admin

from directory.models import OrganisationRedirect


@admin.register(OrganisationRedirect)
class OrganisationRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "organisation", "created"]
    list_select_related = ["organisation"]
    search_fields = ["old_slug", "organisation__name"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["created"]
