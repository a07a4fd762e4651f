#!/usr/bin/env python3
"""Smoke test of a running production instance, through its front server (nginx), as a browser would.

    scripts/smoke.py http://127.0.0.1:8480      # make prod-local runs it; exit status 1 on any failure
    scripts/smoke.py --skip-import URL          # without check 4 (the large demo: its roster takes long)

Checks, on the small demo company (``manage.py seed_demo --size small``):

1. every demo persona logs in with the login form and opens its home page;
2. the static files are the collected, hashed copies with a long cache lifetime;
3. an upload (a project's monthly log with an attachment, through the API) comes back byte for byte
   from its download, sent by nginx after the permission check (``X-Accel-Redirect``) with ``nosniff``
   and the ``sandbox`` policy; a user outside the project's scope gets 404, an anonymous reader the login
   page, and ``/media/`` answers 404;
4. a roster import larger than ``ROSTER_BACKGROUND_ROWS`` runs in the background (Celery): its
   progress bar is polled until it is done, first the check, then the import itself.

Standard library only: production installs requirements.txt alone.
"""

import html
import json
import re
import sys
import time
import uuid
from datetime import date
from http.cookiejar import CookieJar
from urllib.error import HTTPError
from urllib.parse import urljoin, urlsplit
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

PASSWORD = "vanguard-demo"  # vanguard.org.demo.DEMO_PASSWORD
# Each persona of the demo (vanguard.org.demo.DEMO_LOGINS) and what its home page must show.
PERSONAS = {
    "admin": ["您好，admin", 'data-testid="overview-link"'],
    "dangwei": ["您好，", 'data-testid="overview-link"'],
    "shuji": ["您好，", 'data-testid="due-list"'],
    "dangyuan": ["您好，", 'data-testid="due-list"'],
    "zhigong": ["您好，", 'data-testid="due-list"'],
    "banzhang": ["您好，", 'data-testid="due-list"'],
    "gonghui": ["您好，", 'data-testid="due-list"'],
}
TASK_TIMEOUT = 300  # seconds a background import may take on the small demo


class SmokeFailure(Exception):
    pass


class Response:
    def __init__(self, status, headers, body, url):
        self.status, self.headers, self.body, self.url = status, headers, body, url

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


class NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies, the CSRF token and the Origin and Referer headers a browser sends with a form."""

    def __init__(self, base, *, follow=True):
        self.base = base.rstrip("/")
        self.jar = CookieJar()
        handlers = [HTTPCookieProcessor(self.jar)] + ([] if follow else [NoRedirect()])
        self.opener = build_opener(*handlers)

    def cookie(self, name):
        return next((c.value for c in self.jar if c.name == name), "")

    def request(self, method, path, *, fields=None, files=None, headers=None):
        url = urljoin(self.base + "/", path.lstrip("/"))
        headers = {"User-Agent": "vanguard-smoke", **(headers or {})}
        body = None
        if method == "POST":
            headers |= {"Origin": self.base, "Referer": url, "X-CSRFToken": self.cookie("csrftoken")}
            body, headers["Content-Type"] = multipart(
                {"csrfmiddlewaretoken": self.cookie("csrftoken"), **(fields or {})}, files or {}
            )
        try:
            with self.opener.open(Request(url, data=body, headers=headers, method=method), timeout=60) as answer:
                return Response(answer.status, answer.headers, answer.read(), answer.url)
        except HTTPError as error:
            return Response(error.code, error.headers, error.read(), url)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.request("POST", path, **kwargs)

    def login(self, username, password=PASSWORD):
        self.get("/accounts/login/")
        page = self.post("/accounts/login/", fields={"username": username, "password": password, "next": ""})
        expect(page.status == 200, f"{username}: 登录后状态 {page.status}", page)
        expect(urlsplit(page.url).path == "/", f"{username}: 登录未成功(停在 {page.url})", page)
        return page


def multipart(fields, files):
    """A multipart/form-data body: ``fields`` {name: text}, ``files`` {name: (filename, bytes)}."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def expect(condition, message, response=None):
    if not condition:
        if response is not None:
            message += f" [HTTP {response.status} {response.url}] {response.text[:300]!r}"
        raise SmokeFailure(message)


def check_personas(base):
    """Every persona logs in and sees its home; returns the admin's home page (for the static check)."""
    homes = {}
    for username, wanted in PERSONAS.items():
        home = Browser(base).login(username)
        for text in wanted:
            expect(text in home.text, f"{username}: 首页缺少 {text!r}", home)
        expect('data-testid="login-error"' not in home.text, f"{username}: 登录出错", home)
        homes[username] = home
    return f"{len(homes)} 个演示账号登录并打开首页 / personas logged in: {', '.join(homes)}", homes["admin"]


def check_static(base, home):
    sheets = re.findall(r'href="(/static/[^"]+\.css)"', home.text)
    expect(sheets, "首页没有引用样式表 / no stylesheet on the home page")
    browser = Browser(base)
    for sheet in sheets:
        answer = browser.get(sheet)
        expect(answer.status == 200, f"样式表 {sheet} 无法加载", answer)
        expect(re.search(r"\.[0-9a-f]{12}\.css$", sheet), f"样式表 {sheet} 不是 collectstatic 的哈希文件名")
        expect("immutable" in answer.headers.get("Cache-Control", ""), f"{sheet} 缺少长期缓存头")
        expect(answer.headers.get_content_type() == "text/css", f"{sheet} 类型为 {answer.headers.get_content_type()}")
    return f"{len(sheets)} 个样式表为哈希文件名并长期缓存 / stylesheets hashed and cached: {', '.join(sheets)}"


def _log_with_attachment(browser, content):
    """A monthly log with ``content`` as its attachment, on the first project under way that takes one."""
    projects = browser.get("/api/v1/projects/?status=under_way")
    expect(projects.status == 200, "项目列表无法读取", projects)
    today = date.today()
    refusals = []
    for project in projects.json()["results"]:
        day = min(today, date.fromisoformat(project["end_date"]))
        if day < date.fromisoformat(project["start_date"]):
            continue
        fields = {"project": project["id"], "date": day.isoformat(), "content": "冒烟测试:上传附件并下载核对。"}
        created = browser.post("/api/v1/project-logs/", fields=fields, files={"attachment": ("冒烟测试.txt", content)})
        if created.status == 201:
            return project, created.json()
        refusals.append(f"{project['id']}: {created.status} {created.text[:120]}")
    raise SmokeFailure("没有可以登记活动的实施中项目 / no project took a log: " + "; ".join(refusals[:3]))


def check_upload_and_download(base):
    content = f"先锋冒烟测试 {uuid.uuid4()}\n".encode() * 200
    shuji = Browser(base)
    shuji.login("shuji")
    project, log = _log_with_attachment(shuji, content)
    url = log["attachment"]
    expect(bool(url), "新建的活动记录没有附件地址", None)
    download = shuji.get(url)
    expect(download.status == 200, "附件下载失败 / download failed", download)
    expect(download.body == content, f"下载内容与上传不一致 ({len(download.body)} / {len(content)} 字节)")
    headers = download.headers
    expect(headers.get("X-Content-Type-Options") == "nosniff", f"下载缺少 nosniff: {dict(headers)}")
    expect("sandbox" in headers.get("Content-Security-Policy", ""), f"下载缺少 CSP sandbox: {dict(headers)}")
    expect(headers.get("Content-Disposition", "").startswith("attachment"), f"下载不是附件: {dict(headers)}")
    expect(headers.get_content_type() == "application/octet-stream", f"下载类型为 {headers.get_content_type()}")
    expect("X-Accel-Redirect" not in headers, "X-Accel-Redirect 泄露给了浏览器")
    outsider = Browser(base)
    outsider.login("outsider")  # a demo login outside every branch (the tests' persona)
    expect(outsider.get(url).status == 404, "范围外的用户也能下载附件 / out-of-scope download not refused")
    anonymous = Browser(base, follow=False).get(url)
    expect(anonymous.status == 302 and "/accounts/login/" in anonymous.headers.get("Location", ""),
           "未登录也能下载附件 / anonymous download not refused", anonymous)  # fmt: skip
    expect(Browser(base).get("/media/").status == 404, "/media/ 不应直接提供文件")
    deleted = shuji.post(f"/projects/{project['id']}/logs/{log['id']}/delete/")
    expect(deleted.status == 200, "删除冒烟测试的活动记录失败", deleted)
    return f"上传 {len(content)} 字节并经 X-Accel-Redirect 原样下载(nosniff、sandbox)/ upload and download identical"


def _wait_for_task(browser, task_id):
    """Poll the progress bar (the fragment htmx fetches) and the task API until the task has finished."""
    deadline = time.monotonic() + TASK_TIMEOUT
    seen = []
    while time.monotonic() < deadline:
        bar = browser.get(f"/tasks/{task_id}/", headers={"HX-Request": "true"})
        expect(bar.status == 200 and "progress" in bar.text, f"任务 {task_id} 的进度条无法读取", bar)
        seen += [percent for percent in re.findall(r"(\d+)%</span>", bar.text) if percent not in seen]
        run = browser.get(f"/api/v1/tasks/{task_id}/")
        expect(run.status == 200, f"任务 {task_id} 无法读取", run)
        run = run.json()
        if run["status"] in ("done", "failed"):
            expect(run["status"] == "done", f"任务 {task_id} 失败: {run.get('error')}")
            return run, seen
        time.sleep(0.5)
    raise SmokeFailure(f"任务 {task_id} 在 {TASK_TIMEOUT} 秒内没有完成 / task did not finish")


def _start_import(browser, fields, files=None):
    started = browser.post("/org/people/import/", fields=fields, files=files)
    match = re.search(r"[?&]task=(\d+)", started.url)
    expect(started.status == 200 and match, "导入没有转入后台任务 / import did not run in the background", started)
    return int(match.group(1))


def _export_roster(office):
    """The roster as the office exports it: above ``EXPORT_BACKGROUND_ROWS`` (``make prod-local`` sets it
    low) a background run with its progress page and a download served through nginx; below, the file."""
    roster = office.get("/org/people/export/")
    match = re.search(r"/exports/(\d+)/$", roster.url)
    if match is None:
        expect(roster.status == 200 and roster.body[:2] == b"PK", "花名册导出失败", roster)
        return roster.body, "直接下载"
    expect(roster.status == 200 and "导出" in roster.text, "导出进度页无法显示", roster)
    _, progress = _wait_for_task(office, int(match.group(1)))
    download = office.get(f"/exports/{match.group(1)}/download/")
    expect(download.status == 200 and download.body[:2] == b"PK", "后台导出的花名册无法下载", download)
    return download.body, f"后台导出 {'→'.join(progress)}%"


def check_background_import(base):
    office = Browser(base)
    office.login("dangwei")
    roster, exported = _export_roster(office)
    checked, checking = _wait_for_task(office, _start_import(office, {}, {"file": ("花名册.xlsx", roster)}))
    result = checked["result"]
    expect(result.get("dry_run") and not result.get("error_count"), f"预览检查发现错误: {str(result)[:300]}")
    written, importing = _wait_for_task(office, _start_import(office, {"upload": result["upload"]}))
    result = written["result"]
    expect(result.get("written"), f"导入没有写入: {str(result)[:300]}")
    page = office.get(f"/org/people/import/?task={written['id']}&part=result")
    expect(page.status == 286 and "导入" in page.text, "导入结果页无法显示", page)
    return (
        f"花名册{exported};后台导入 {result['total']} 行(新增 {result['created']},更新 {result['updated']},无变化 "
        f"{result['unchanged']});进度条:检查 {'→'.join(checking)}%,导入 {'→'.join(importing)}% / background import done"
    )


def main(argv):
    skip_import = "--skip-import" in argv
    argv = [arg for arg in argv if arg != "--skip-import"]
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    base = argv[1].rstrip("/")
    failures = 0
    home = None

    def step(label, check, *args):
        nonlocal failures
        started = time.monotonic()
        try:
            outcome = check(*args)
        except (SmokeFailure, OSError, ValueError, KeyError) as error:
            failures += 1
            print(f"  ✗ {label}: {html.unescape(str(error))}")
            return None
        message, value = outcome if isinstance(outcome, tuple) else (outcome, None)
        print(f"  ✓ {label}: {message} ({time.monotonic() - started:.1f} s)")
        return value

    print(f"冒烟测试 / smoke test: {base}")
    home = step("登录 / logins", check_personas, base)
    if home is not None:
        step("静态文件 / static files", check_static, base, home)
    step("上传下载 / upload and download", check_upload_and_download, base)
    if not skip_import:
        step("后台导入 / background import", check_background_import, base)
    if failures:
        print(f"冒烟测试失败:{failures} 项 / smoke test FAILED ({failures})")
        return 1
    print("冒烟测试通过 / smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
