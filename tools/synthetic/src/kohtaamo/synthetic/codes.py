"""The SoKu programme's setting and the code lists a synthetic programme draws from.

One place for them, so that the HTTP loader, the benchmarks' event-level programme and the
end-to-end tests' small programme describe the same project (``domain.md`` §0 and §9;
reporting's ``pack/projects.yaml``).
"""

from __future__ import annotations

from datetime import date

PROJECT = "S20397"  # SoKu, run by Valkeakoski with the Akaa–Urjala joint service area
ORGS = ("908", "020")  # Valkeakoski; Akaa, hosting Akaa–Urjala
WINDOW_START = date(2015, 9, 1)
WINDOW_END = date(2018, 11, 30)
# Where an organisation's clients live: Akaa–Urjala's clients in Akaa (020) or Urjala (887).
MUNICIPALITIES = {"908": ("908",), "020": ("020", "020", "887")}

GENDERS = ("FEMALE", "MALE", "MALE", "FEMALE", "OTHER", "NOT_STATED")
# (intake's age band, the finer ESF band): the events' pair, for event-level programmes.
BANDS = (("18_24", "18_24"), ("25_29", "25_29"), ("30_39", "30_39"), ("40_49", "40_49"),
         ("50_64", "50_54"), ("50_64", "55_64"), ("65_PLUS", "65_PLUS"))
# Ages at registration (years) with weights: SoKu's clients are mostly young adults and
# the long-term unemployed of working age.
AGES = ((18, 24, 25), (25, 29, 16), (30, 39, 20), (40, 49, 17), (50, 64, 20), (65, 70, 2))

# Services delivered: the first group strengthens capability (reporting's IND-02 catalogue),
# the second does not.
QUALIFYING_SERVICES = ("INDIVIDUAL_COACHING", "GROUP_COACHING", "PEER_SUPPORT_1TO1",
                       "PEER_SUPPORT_ONLINE", "HEALTH_CHECK", "HEALTH_SERVICE", "DAY_ACTIVITY",
                       "WORK_TRIAL")
OTHER_SERVICES = ("ERRAND_HELP", "GUIDANCE_COUNSELLING", "FINANCIAL_COUNSELLING",
                  "REHABILITATION_GUIDANCE")
SERVICES = ("INDIVIDUAL_COACHING", "GROUP_COACHING", "HEALTH_CHECK", "ERRAND_HELP", "DAY_ACTIVITY")
# Group activities whose attended participation strengthens capability.
QUALIFYING_GROUPS = ("GROUP_COACHING", "PEER_GROUP", "OPEN_GROUP", "CLOSED_GROUP")
OTHER_ACTIVITIES = ("DISCUSSION_CAFE", "RESIDENTS_FORUM", "INFO_SESSION", "THEMED_MEETING",
                    "EXERCISE_GROUP")

DESTINATIONS = ("OPEN_EMPLOYMENT", "DEGREE_STUDY", "KUTY", "OTHER_TRAINING")
# Where clients go, weighted: most to kuty or training, few straight to open employment.
TRANSITIONS = (("KUTY", 25), ("OTHER_TRAINING", 18), ("DEGREE_STUDY", 12), ("OPEN_EMPLOYMENT", 10),
               ("WAGE_SUBSIDISED_EMPLOYMENT", 12), ("WORK_TRIAL", 8), ("MEDICAL_REHAB", 7),
               ("SICK_LEAVE", 5), ("PENSION", 3))
ENDS = (("GOALS_MET", 35), ("NO_CONTACT", 20), ("MOVED_AWAY", 10), ("TRANSFERRED", 15),
        ("CLIENT_REQUEST", 10), ("OTHER", 10))
REFERRAL_TARGETS = (("UNEMPLOYED_NURSE", "HEALTH_CHECK", "HEALTH_CHECK"),
                    ("KELA", "WORK_CAPACITY_ASSESSMENT", None),
                    ("HEALTH_CENTRE", "HEALTH_CHECK", "HEALTH_SERVICE"),
                    ("TE_OFFICE", "EMPLOYMENT", None),
                    ("MENTAL_HEALTH_SERVICES", "REHABILITATION", None),
                    ("SUBSTANCE_SERVICES", "REHABILITATION", None),
                    ("HOUSING_SERVICE", "HOUSING", None))
REFERRAL_OUTCOMES = (("STARTED", 50), ("ACCEPTED", 20), ("DECLINED_BY_CLIENT", 10),
                     ("REJECTED_BY_TARGET", 8), ("NO_RESPONSE", 12))
CONSENT_PARTIES = ("KELA", "TE_OFFICE", "UNEMPLOYED_NURSE", "HEALTH_CENTRE", "KUTY_ORGANISER",
                   "MENTAL_HEALTH_SERVICES", "SUBSTANCE_SERVICES", "HOUSING_SERVICE")
APPOINTMENT_KINDS = (("OFFICE", 40), ("HOME_VISIT", 25), ("REMOTE", 15), ("NETWORK_MEETING", 10),
                     ("CLIENT_MEETING", 10))
WORKER_ROLES = ("SOCIAL_WORKER", "SOCIAL_COUNSELLOR", "INDIVIDUAL_COUNSELLOR")
NEEDS = ("NO_NEED", "SOME_NEED", "SIGNIFICANT_NEED", "NOT_DISCUSSED")
LIFE_DOMAINS = ("housing", "relationships", "study_and_work_history", "finances", "health",
                "substance_use", "close_and_authority_network")
REFERRAL_SOURCES = (("SOCIAL_OFFICE", 30), ("TE_OFFICE", 25), ("TYP", 12), ("SELF", 10),
                    ("OUTREACH", 8), ("HEALTH_CARE", 7), ("KELA", 4), ("NGO", 4))
TARGET_GROUPS = ("LONG_TERM_UNEMPLOYED", "YOUNG_UNEMPLOYED", "KUTY_CLIENT", "MENTAL_HEALTH_REHAB",
                 "SUBSTANCE_REHAB", "DISABILITY")
