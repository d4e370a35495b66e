import httpx

from kohtaamo.meetingplace.bootstrap import create_app
from kohtaamo.meetingplace.settings import MeetingplaceSettings


async def test_the_service_answers_its_health_check_without_a_token():
    app = create_app(MeetingplaceSettings(database_url="memory://"), kafka=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://meetingplace") as http:
        response = await http.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "service": "meetingplace", "components": {}}
