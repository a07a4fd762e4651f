from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "vanguard.core"
    verbose_name = "核心"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("access")  # every app's policy, declared once
        autodiscover_modules("home")  # what each app says is due from a user (core.home)
        # Core's own policies (``core.access`` is the kit they are written in); the events and their labels.
        from django.contrib.auth.signals import user_logged_in

        from . import access_core, audit_events, exports  # noqa: F401  (exports: its task and sweep job)
        from .badges import register_colours
        from .choices import STATUS_COLOURS, Action
        from .middleware import SessionRefreshMiddleware
        from .navigation import NavItem, register_module

        user_logged_in.connect(SessionRefreshMiddleware.stamp_login, dispatch_uid="session-refresh-stamp")
        # Text lengths, plausible dates and clean names hold for every write, not only the forms'.
        from django.db.models.signals import pre_save

        from .limits import check_limits_on_save

        pre_save.connect(check_limits_on_save, dispatch_uid="core-limits")
        # Files stored inside ``uploads.atomic_with_files`` are deleted again if it rolls back.
        from .uploads import note_stored_files

        pre_save.connect(note_stored_files, dispatch_uid="core-stored-files")
        # A search index whose SQLite triggers went with a table a migration copied is rebuilt.
        from django.db.models.signals import post_migrate

        from .search import repair_text_indexes

        post_migrate.connect(repair_text_indexes, dispatch_uid="core-search-repair")

        register_colours(STATUS_COLOURS)
        register_module(
            "system",
            "系统",
            "settings",
            90,
            [
                NavItem(
                    "审计日志",
                    "audit-list",
                    "history",
                    lambda scope: access_core.AUDIT_EVENTS.reaches(scope, Action.VIEW),
                ),
                NavItem("接口文档", "api-docs", "api"),
            ],
        )
