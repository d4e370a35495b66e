import httpx

from kohtaamo.casework.bootstrap import create_app
from kohtaamo.casework.settings import CaseworkSettings


async def test_the_service_answers_its_health_check_without_a_token():
    app = create_app(CaseworkSettings())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://casework") as http:
        response = await http.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "service": "casework", "components": {}}
