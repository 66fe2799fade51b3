"""`SlackDriver`: Slack's side of the conversation with the bot, acting for people.

It POSTs what Slack would POST to the bot's request URL (slash commands, clicks, view
submissions, events), signed exactly as Slack signs, and then does what Slack does with the
answer: a command's acknowledgement body is shown to the person, a view submission's
`response_action` keeps the modal open with errors, updates, pushes or closes it. A person can
only act on what they can see, so clicking a button that is not in the message fails the test
here rather than passing against a payload Slack would never send.

Standard library only, like the rest of the sandbox: the demo ships it.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable, Mapping, Sequence
from urllib.parse import urlencode, urljoin

from standin import app_payloads as payloads
from standin.browser import Browser, Page
from standin.content import checked_view
from standin.interactions import (
    check_client_side,
    checked_errors,
    find_element,
    input_element,
)
from standin.oauth import SESSION_COOKIE
from standin.records import JSON, Channel, Ephemeral, Message, User, View, Workspace
from standin.response_urls import RESPONSE_PATH, apply_response
from standin.server import SlackStandIn
from standin.shapes import message_object, random_block_id
from standin.socket_transport import SocketTransport
from standin.state import SlackError, SlackState
from standin.transport import BotTransport, Delivery, DriverResult, Transport
from standin.views import (
    clear_stack,
    close_top,
    current_state,
    push_modal,
    snapshot,
    update_view,
)

ACK_DEADLINE = 3.0

__all__ = ["ACK_DEADLINE", "Delivery", "DriverResult", "SlackDriver"]


class SlackDriver:
    """Acts as Slack towards the bot at `bot_url` (e.g. `http://127.0.0.1:PORT/slack/events`)."""

    def __init__(
        self,
        standin: SlackStandIn,
        bot_url: str | None = None,
        signing_secret: str | None = None,
        *,
        workspace: Workspace | None = None,
        timeout: float = 10.0,
        transport: Transport | None = None,
    ) -> None:
        """Over HTTP to `bot_url`, signing with `signing_secret`; or through `transport`, e.g.
        a `SocketTransport` for an app in Socket Mode (see `over_socket`)."""
        self.standin = standin
        self.workspace = workspace or standin.workspace
        self.bot_url = bot_url
        self.signing_secret = signing_secret
        self.timeout = timeout
        if transport is None:
            if bot_url is None or signing_secret is None:
                raise ValueError("an HTTP driver needs bot_url and signing_secret")
            transport = BotTransport(bot_url, signing_secret, timeout=timeout)
        self.transport: Transport = transport
        self.edit: Callable[[JSON], None] | None = None
        """Changes every payload before it is signed (`tampered`)."""
        self.escapes_commands = False
        """Slash commands are sent as Slack sends them with `"should_escape": true` in the
        app's manifest: `#channel` and `@person` as `<#C…|name>` and `<@U…|name>`."""

    def over_socket(self, *, connect_wait: float = 2.0) -> SlackDriver:
        """A driver for the same people and places that delivers every request as an envelope
        on the app's Socket Mode connections instead of a POST. A request waits up to
        `connect_wait` for a connection, then fails as Slack's would (status 503)."""
        socket_driver = copy.copy(self)
        socket_driver.transport = SocketTransport(
            self.standin.socket_mode,
            self.workspace.team_id,
            connect_wait=connect_wait,
            timeout=self.timeout,
        )
        return socket_driver

    @property
    def over_http(self) -> bool:
        """Whether requests go as signed POSTs (else as Socket Mode envelopes)."""
        return isinstance(self.transport, BotTransport)

    def escaping_commands(self) -> SlackDriver:
        """A driver whose slash commands' text Slack escapes (`escapes_commands`)."""
        escaping = copy.copy(self)
        escaping.escapes_commands = True
        return escaping

    def tampered(self, edit: Callable[[JSON], None]) -> SlackDriver:
        """A driver for the same people and places whose every payload (a slash command's form
        fields, an interaction's or an event's JSON) goes through `edit` before it is signed:
        what a forged request would carry, say a `team` that is not the workspace's."""
        forged = copy.copy(self)
        forged.edit = edit
        return forged

    @property
    def _state(self) -> SlackState:
        return self.standin.state

    # ----------------------------------------------------------------- transport

    def send(
        self, body: bytes, content_type: str, *, delivery: Delivery | None = None
    ) -> DriverResult:
        """POST a raw body to the bot, signed (or not) as `delivery` says."""
        return self.transport.send(body, content_type, delivery=delivery)

    def replay(self, earlier: DriverResult) -> DriverResult:
        """The very same request again, as someone who captured it (HTTP only)."""
        return self.transport.replay(earlier)

    def redeliver(self, earlier: DriverResult, *, retry_num: int, reason: str) -> DriverResult:
        """The same request delivered again as Slack retries it: with `X-Slack-Retry-*` over
        HTTP, in a new envelope with `retry_attempt`/`retry_reason` over Socket Mode."""
        return self.transport.redeliver(earlier, retry_num=retry_num, reason=reason)

    def _send_form(self, fields: Mapping[str, str], delivery: Delivery | None) -> DriverResult:
        body = urlencode(fields).encode("utf-8")
        return self.send(body, "application/x-www-form-urlencoded", delivery=delivery)

    def _send_interaction(self, payload: JSON, delivery: Delivery | None) -> DriverResult:
        if self.edit is not None:
            self.edit(payload)
        result = self._send_form({"payload": json.dumps(payload)}, delivery)
        result.sent = payload
        self._check_ack_time(result, payload.get("type", "interaction"))
        return result

    def _send_json(self, payload: JSON, delivery: Delivery | None) -> DriverResult:
        if self.edit is not None:
            self.edit(payload)
        body = json.dumps(payload).encode("utf-8")
        result = self.send(body, "application/json", delivery=delivery)
        result.sent = payload
        return result

    def _check_ack_time(self, result: DriverResult, what: object) -> None:
        if result.elapsed > ACK_DEADLINE:
            with self._state.lock:
                self._state.violation(
                    f"the bot took {result.elapsed:.1f} s to acknowledge {what}; Slack gives up "
                    f"after {ACK_DEADLINE:.0f} s (the person sees an error, events are retried)"
                )

    # ----------------------------------------------------------------- people and places

    def _user(self, user_id: str) -> User:
        try:
            return self._state.user_in(self.workspace, user_id)
        except SlackError:
            raise AssertionError(f"no user {user_id} in the stand-in's workspace") from None

    def _channel(self, channel_id: str) -> Channel:
        channel = self._state.channels.get(channel_id)
        if channel is None or channel.team_id != self.workspace.team_id:
            raise AssertionError(f"no conversation {channel_id} in the stand-in's workspace")
        return channel

    # ----------------------------------------------------------------- Events API

    def url_verification(
        self,
        challenge: str = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
        *,
        delivery: Delivery | None = None,
    ) -> DriverResult:
        return self._send_json(payloads.url_verification(self.workspace, challenge), delivery)

    def send_event(self, event: JSON, *, delivery: Delivery | None = None) -> DriverResult:
        """Deliver one event in Slack's `event_callback` envelope."""
        with self._state.lock:
            event_id = self._state.ids.new("Ev")
            context = f"4-{self._state.ids.secret(40)}"
        envelope = payloads.event_envelope(
            self.workspace, event, event_id=event_id, event_time=int(time.time()), context=context
        )
        result = self._send_json(envelope, delivery)
        self._check_ack_time(result, f"event {event.get('type')}")
        return result

    def open_home(
        self, user_id: str, *, tab: str = "home", delivery: Delivery | None = None
    ) -> DriverResult:
        """The person opens the app's Home (tab `home`) or Messages tab: `app_home_opened`."""
        with self._state.lock:
            self._user(user_id)
            channel, _ = self._state.open_dm(self.workspace, user_id)
            home_id = self._state.homes.get((self.workspace.team_id, user_id))
            home = self._state.views[home_id] if home_id and tab == "home" else None
            event = payloads.app_home_opened(
                user_id,
                channel.id,
                tab=tab,
                event_ts=self._state.ids.ts(),
                view=snapshot(home) if home else None,
            )
        return self.send_event(event, delivery=delivery)

    def dm_message(
        self, user_id: str, text: str, *, delivery: Delivery | None = None
    ) -> DriverResult:
        """The person writes to the bot in their DM; it appears in the DM as theirs."""
        with self._state.lock:
            self._user(user_id)
            channel, _ = self._state.open_dm(self.workspace, user_id)
            blocks = payloads.rich_text_blocks(text, random_block_id())
            message = self._state.post_message(
                self.workspace, channel, user=user_id, text=text, blocks=blocks, by_bot=False
            )
            event = payloads.im_message(
                self.workspace, user_id, channel.id, text=text, ts=message.ts, blocks=blocks
            )
        return self.send_event(event, delivery=delivery)

    def app_uninstalled(self, *, delivery: Delivery | None = None) -> DriverResult:
        """The app is uninstalled: its tokens stop working, then `app_uninstalled` arrives."""
        self.standin.revoke_tokens(self.workspace)
        with self._state.lock:
            event = payloads.app_uninstalled(self._state.ids.ts())
        return self.send_event(event, delivery=delivery)

    def tokens_revoked(
        self,
        *,
        oauth: Sequence[str] = (),
        bot: Sequence[str] | None = None,
        delivery: Delivery | None = None,
    ) -> DriverResult:
        """Tokens are revoked (`bot` defaults to the bot user), then `tokens_revoked` arrives."""
        bot_users = [self.workspace.bot_user_id] if bot is None else list(bot)
        if self.workspace.bot_user_id in bot_users:
            self.standin.revoke_tokens(self.workspace)
        with self._state.lock:
            event = payloads.tokens_revoked(
                oauth=oauth, bot=bot_users, event_ts=self._state.ids.ts()
            )
        return self.send_event(event, delivery=delivery)

    # ----------------------------------------------------------------- installing

    def install_app(
        self, user_id: str, *, install_path: str = "/slack/install", decline: bool = False
    ) -> Page:
        """The person installs the app in the driver's workspace from a browser: the bot's
        install page, its link to Slack's consent page, Allow (or Cancel with `decline`), and
        back to the bot's redirect URL. Returns the page the bot shows at the end."""
        if self.bot_url is None:
            raise ValueError("installing needs the bot's web address (bot_url)")
        browser = Browser()
        install = browser.get(urljoin(self.bot_url, install_path))
        if install.status != 200:
            raise AssertionError(f"the install page answered {install.status}: {install.body}")
        consent_links = [
            link for link in install.links() if link.startswith(self.standin.authorize_url + "?")
        ]
        if not consent_links:
            raise AssertionError(
                f"the install page has no link to Slack's consent page: {install.links()}"
            )
        session = self.standin.sign_in(user_id, workspace=self.workspace)
        browser.set_cookie(self.standin.base_url, SESSION_COOKIE, session)
        consent = browser.get(consent_links[0] + ("&decision=deny" if decline else ""))
        if consent.status != 302 or consent.location is None:
            raise AssertionError(
                f"Slack refused the install link ({consent.status}): {consent.body}"
            )
        return browser.get(consent.location)

    # ----------------------------------------------------------------- slash commands

    def slash_command(
        self,
        user_id: str,
        command: str,
        text: str = "",
        *,
        channel_id: str,
        delivery: Delivery | None = None,
    ) -> DriverResult:
        """The person types `/command text` in `channel_id` (a channel they are in, or their DM
        with the bot). A non-empty acknowledgement is shown to them as Slack shows it."""
        with self._state.lock:
            user = self._user(user_id)
            channel = self._channel(channel_id)
            if user_id not in channel.members:
                raise AssertionError(f"{user_id} is not in {channel_id}, so cannot type there")
            trigger = self._state.issue_trigger(self.workspace, user_id)
            if self.escapes_commands:
                text = payloads.escaped_text(
                    text,
                    user,
                    [c for c in self._state.channels.values() if c.team_id == user.team_id],
                    [u for u in self._state.users.values() if u.team_id == user.team_id],
                )
        response_url = self.standin.issue_response_url(
            channel_id=channel_id, user_id=user_id, workspace=self.workspace
        )
        fields = payloads.slash_command(
            self.workspace,
            user,
            channel,
            command=command,
            text=text,
            response_url=response_url,
            trigger_id=trigger.id,
        )
        if self.edit is not None:
            self.edit(fields)
        result = self._send_form(fields, delivery)
        result.sent, result.trigger_id, result.response_url = dict(fields), trigger.id, response_url
        self._check_ack_time(result, command)
        if result.status == 200 and result.body.strip():
            self._show_command_ack(result, channel, user_id)
        return result

    def _show_command_ack(self, result: DriverResult, channel: Channel, user_id: str) -> None:
        payload = result.json if isinstance(result.json, dict) else {"text": result.body}
        with self._state.lock:
            try:
                apply_response(
                    self._state,
                    self.workspace,
                    channel=channel,
                    user_id=user_id,
                    payload=payload,
                    source_ts=None,
                    source_is_ephemeral=False,
                    via="command acknowledgement",
                )
            except SlackError as error:
                self._state.violation(f"slash command acknowledgement: {error.describe()}")

    # ----------------------------------------------------------------- clicks

    def click(
        self,
        user_id: str,
        *,
        action_id: str,
        message: Message | Ephemeral | None = None,
        view: View | str | None = None,
        value: str | None = None,
        selected_option: str | None = None,
        selected_options: Sequence[str] | None = None,
        block_id: str | None = None,
        as_seen: bool = False,
        delivery: Delivery | None = None,
    ) -> DriverResult:
        """The person clicks (or picks from) the element `action_id` in a message or view they
        can see. `value` picks between buttons sharing an action id; `selected_option(s)` is the
        option value chosen in a select, radio group, overflow or checkbox group.

        A message click uses the message as it is now. `as_seen=True` uses `message` exactly as
        passed instead, even if it has since been edited or deleted: a person whose client had
        not refreshed, or a double click racing the bot's update."""
        if (message is None) == (view is None):
            raise ValueError("click needs exactly one of message= and view=")
        if as_seen and message is None:
            raise ValueError("as_seen applies to message clicks")
        chosen: str | Sequence[str] | None = (
            selected_options if selected_options is not None else selected_option
        )
        with self._state.lock:
            user = self._user(user_id)
            if message is not None:
                payload = self._message_click(
                    user, message, action_id, value, chosen, block_id, as_seen=as_seen
                )
            else:
                assert view is not None
                payload = self._view_click(user, view, action_id, value, chosen, block_id)
        return self._send_interaction(payload, delivery)

    def _message_click(
        self,
        user: User,
        seen: Message | Ephemeral,
        action_id: str,
        value: str | None,
        chosen: str | Sequence[str] | None,
        block_id: str | None,
        *,
        as_seen: bool,
    ) -> JSON:
        state = self._state
        channel = self._channel(seen.channel)
        if isinstance(seen, Ephemeral):
            current_ephemeral = seen if as_seen else state.find_ephemeral(seen.channel, seen.ts)
            if current_ephemeral is None or current_ephemeral.user != user.id:
                raise AssertionError(f"{user.id} does not see ephemeral message {seen.ts}")
            blocks, is_ephemeral, message_json = current_ephemeral.blocks, True, None
            thread_ts = current_ephemeral.thread_ts
        else:
            current = seen if as_seen else state.find_message(seen.channel, seen.ts)
            if current is None:
                raise AssertionError(f"message {seen.ts} in {seen.channel} is gone")
            if user.id not in channel.members:
                raise AssertionError(f"{user.id} is not in {channel.id}, so cannot see {seen.ts}")
            blocks, is_ephemeral, thread_ts = current.blocks, False, current.thread_ts
            message_json = message_object(
                current,
                workspace=self.workspace if current.bot_id else None,
                reply_info=state.reply_info(current),
            )
        block, element = find_element(
            blocks, action_id, value, block_id, where=f"message {seen.ts}"
        )
        values = payloads.state_values(blocks)
        action_ts = state.ids.ts()
        entry = payloads.action(block, element, chosen=chosen, action_ts=action_ts)
        if element.get("type") != "button":
            values.setdefault(block["block_id"], {})[element["action_id"]] = payloads.state_entry(
                element, chosen
            )
        trigger = state.issue_trigger(self.workspace, user.id)
        response = state.issue_response_url(
            self.workspace,
            channel_id=channel.id,
            user_id=user.id,
            source_ts=seen.ts,
            source_is_ephemeral=is_ephemeral,
        )
        return payloads.block_actions(
            self.workspace,
            user,
            actions=[entry],
            trigger_id=trigger.id,
            state=values,
            container=_message_container(seen.ts, channel.id, is_ephemeral, thread_ts),
            channel=channel,
            message=message_json,
            response_url=f"{self.standin.base_url}{RESPONSE_PATH}{response.id}",
        )

    def _view_click(
        self,
        user: User,
        view: View | str,
        action_id: str,
        value: str | None,
        chosen: str | Sequence[str] | None,
        block_id: str | None,
    ) -> JSON:
        state = self._state
        record = self._visible_view(user.id, view)
        block, element = find_element(
            record.blocks, action_id, value, block_id, where=f"view {record.id}"
        )
        if block.get("type") == "input" and not block.get("dispatch_action"):
            raise AssertionError(
                f"{action_id!r} is an input without dispatch_action: Slack sends no "
                "block_actions for it; pass its value to submit_view instead"
            )
        action_ts = state.ids.ts()
        entry = payloads.action(block, element, chosen=chosen, action_ts=action_ts)
        if element.get("type") != "button":
            values = record.data.setdefault("state", {}).setdefault("values", {})
            values.setdefault(block["block_id"], {})[element["action_id"]] = payloads.state_entry(
                element, chosen
            )
        trigger = state.issue_trigger(self.workspace, user.id)
        data = snapshot(record)
        return payloads.block_actions(
            self.workspace,
            user,
            actions=[entry],
            trigger_id=trigger.id,
            state=data["state"]["values"],
            container={"type": "view", "view_id": record.id},
            view=data,
        )

    def _visible_view(self, user_id: str, view: View | str) -> View:
        """The view if it is on the person's screen: the top modal, or their Home tab."""
        view_id = view if isinstance(view, str) else view.id
        record = self._state.find_view(self.workspace, view_id)
        if record is None or record.user_id != user_id:
            raise AssertionError(f"{user_id} has no view {view_id} open")
        stack = self._state.modal_stack(self.workspace.team_id, user_id)
        is_home = self._state.homes.get((self.workspace.team_id, user_id)) == record.id
        if not is_home and (not stack or stack[-1] != record.id):
            raise AssertionError(f"view {view_id} is not the one on {user_id}'s screen")
        return record

    # ----------------------------------------------------------------- modals

    def submit_view(
        self,
        user_id: str,
        view_id: str,
        values: Mapping[str, Mapping[str, str | Sequence[str] | None]] | None = None,
        *,
        delivery: Delivery | None = None,
    ) -> DriverResult:
        """The person fills in `values` ({block_id: {action_id: value}}; an option's value for
        radio buttons and selects, a list for checkboxes) and presses Submit. Slack's own
        client checks come first: a required input left empty cannot be submitted."""
        with self._state.lock:
            user = self._user(user_id)
            record = self._visible_view(user_id, view_id)
            if record.type != "modal":
                raise AssertionError(f"view {view_id} is a {record.type} tab, not a modal")
            state_values = record.data.setdefault("state", {}).setdefault("values", {})
            for block_id, actions in (values or {}).items():
                for action_id, chosen in actions.items():
                    element = input_element(record, block_id, action_id)
                    state_values.setdefault(block_id, {})[action_id] = payloads.state_entry(
                        element, chosen
                    )
            check_client_side(record, current_state(record))
            trigger = self._state.issue_trigger(self.workspace, user_id)
            payload = payloads.view_submission(
                self.workspace,
                user,
                view=snapshot(record),
                trigger_id=trigger.id,
                home=None
                if user.team_id == self.workspace.team_id
                else self._state.workspace(user.team_id),
            )
        result = self._send_interaction(payload, delivery)
        result.trigger_id = trigger.id
        if result.status == 200:
            with self._state.lock:
                self._apply_submission_answer(user_id, record.id, result)
        return result

    def _apply_submission_answer(self, user_id: str, view_id: str, result: DriverResult) -> None:
        state, workspace = self._state, self.workspace
        record = state.views[view_id]
        answer = result.json
        if not result.body.strip() or answer == {}:
            close_top(state, workspace, user_id)
            return
        if not isinstance(answer, dict):
            state.violation(
                f"view_submission answered with {result.body[:200]!r}: Slack expects an empty "
                "body or a JSON response_action, and shows the person an error"
            )
            return
        action = answer.get("response_action")
        try:
            if action is None:
                close_top(state, workspace, user_id)
            elif action == "errors":
                record.errors = checked_errors(record, answer.get("errors"))
            elif action == "update":
                view = checked_view(answer.get("view"), expected_type="modal")
                update_view(state, workspace, record, view)
            elif action == "push":
                view = checked_view(answer.get("view"), expected_type="modal")
                push_modal(state, workspace, user_id, view)
            elif action == "clear":
                clear_stack(state, workspace, user_id)
            else:
                state.violation(f"view_submission: unknown response_action {action!r}")
        except SlackError as error:
            state.violation(f"view_submission response_action {action}: {error.describe()}")

    def close_view(
        self, user_id: str, view_id: str, *, delivery: Delivery | None = None
    ) -> DriverResult | None:
        """The person closes the modal on screen. The bot hears of it (`view_closed`) only if
        the view asked with `notify_on_close`; otherwise nothing is sent and None returned."""
        with self._state.lock:
            user = self._user(user_id)
            record = self._visible_view(user_id, view_id)
            if record.type != "modal":
                raise AssertionError(f"view {view_id} is a {record.type} tab; only modals close")
            notify = bool(record.data.get("notify_on_close"))
            data = snapshot(record)
            close_top(self._state, self.workspace, user_id)
        if not notify:
            return None
        payload = payloads.view_closed(self.workspace, user, view=data, is_cleared=False)
        return self._send_interaction(payload, delivery)


def _message_container(ts: str, channel_id: str, is_ephemeral: bool, thread_ts: str | None) -> JSON:
    container: JSON = {
        "type": "message",
        "message_ts": ts,
        "channel_id": channel_id,
        "is_ephemeral": is_ephemeral,
    }
    if thread_ts is not None:
        container["thread_ts"] = thread_ts
    return container
