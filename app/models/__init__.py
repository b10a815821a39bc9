"""The database models, one module per area; import them from here."""
from app.models.admin import AdminUser, Assessment, AuditLog, ImportRun, SignInFailure
from app.models.feedback import CommentReport, Feedback, FeedbackContact, ScoreAggregate, VisitCode
from app.models.geography import FormerCommune, FormerDistrict, Unit, former_commune_units
from app.models.privacy import PrivacyRequest
from app.models.quarter import QuarterClosing, QuarterRanking
from app.models.points import Point, PointHours, PointService, PointSlug, Service
from app.models.site import DataVersion

__all__ = [
    "AdminUser", "Assessment", "AuditLog", "ImportRun", "SignInFailure", "Feedback", "FeedbackContact", "VisitCode", "CommentReport",
    "ScoreAggregate", "FormerCommune", "FormerDistrict", "Unit", "former_commune_units",
    "PrivacyRequest", "QuarterClosing", "QuarterRanking", "Point", "PointHours", "PointService", "PointSlug", "Service", "DataVersion",
]
