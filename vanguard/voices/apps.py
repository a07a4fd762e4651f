from django.apps import AppConfig


class VoicesConfig(AppConfig):
    name = "vanguard.voices"
    verbose_name = "建议与整改"
