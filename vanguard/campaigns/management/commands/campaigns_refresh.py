from django.core.management.base import BaseCommand

from vanguard.campaigns import services
from vanguard.campaigns.choices import CampaignStatus
from vanguard.campaigns.models import Campaign
from vanguard.core.access import system_actor


class Command(BaseCommand):
    help = "重新计算进行中活动的目标进度与状态(建议每天运行一次)。"

    def handle(self, *args, **options):
        for campaign in Campaign.objects.filter(status=CampaignStatus.ACTIVE):
            nodes = services.campaign_refresh(actor=system_actor(), campaign=campaign)
            self.stdout.write(f"{campaign.title}:{len(nodes)} 项目标")
