/*
 * Copyright 2026 the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.wsauth.sample;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

import dev.wsauth.sample.DemoUsers.DemoUser;

/**
 * The sample's own login page at {@code GET /login}: the form Spring Security's form
 * login processes ({@code POST /login} with {@code username}, {@code password} and the
 * {@code _csrf} field), a notice after a failed login ({@code ?error}) or a logout
 * ({@code ?logout}), and the demo users with what each of them can see. Rendered here
 * rather than by Spring Security because its generated page knows nothing of the demo
 * users, and because a {@code logoutSuccessUrl} would switch off its logged-out view.
 *
 * @author wsauth
 */
@Controller
final class LoginPageController {

	private final Boards boards;

	LoginPageController(Boards boards) {
		this.boards = boards;
	}

	@GetMapping(path = "/login", produces = MediaType.TEXT_HTML_VALUE)
	@ResponseBody
	String loginPage(CsrfToken csrfToken, @RequestParam(name = "error", required = false) @Nullable String error,
			@RequestParam(name = "logout", required = false) @Nullable String logout) {
		return """
				<!DOCTYPE html>
				<html lang="en">
				<head>
				<meta charset="utf-8">
				<title>Log in - wsauth sample</title>
				<link rel="stylesheet" href="/css/app.css">
				</head>
				<body class="login">
				<main>
				<h1>Log in to the wsauth sample</h1>
				%s<form id="login-form" method="post" action="/login">
				<p><label for="username">User name</label> <input type="text" id="username" name="username" autocomplete="username" required autofocus></p>
				<p><label for="password">Password</label> <input type="password" id="password" name="password" autocomplete="current-password" required></p>
				<input name="%s" type="hidden" value="%s">
				<p><button type="submit">Log in</button></p>
				</form>
				<h2>Demo users</h2>
				<table id="demo-users">
				<thead><tr><th>User</th><th>Password</th><th>Roles</th><th>Boards</th><th>What they see</th></tr></thead>
				<tbody>
				%s</tbody>
				</table>
				<p class="hint">Every page shows a connection panel: the preflight, the upgrade, each SUBSCRIBE
				with its RECEIPT or denial, and each close with its code. Log out in a second tab to see a 4002.</p>
				</main>
				</body>
				</html>
				"""
			.formatted(notice(error, logout), escape(csrfToken.getParameterName()), escape(csrfToken.getToken()),
					userRows());
	}

	private static String notice(@Nullable String error, @Nullable String logout) {
		if (error != null) {
			return "<p id=\"notice\" class=\"notice notice-error\" data-notice=\"error\" role=\"alert\">"
					+ "Bad credentials: the user name or the password is wrong.</p>\n";
		}
		if (logout != null) {
			return "<p id=\"notice\" class=\"notice\" data-notice=\"logout\" role=\"status\">You are logged out.</p>\n";
		}
		return "";
	}

	private String userRows() {
		StringBuilder rows = new StringBuilder();
		for (DemoUser user : DemoUsers.ALL) {
			rows.append("<tr data-user=\"")
				.append(escape(user.username()))
				.append("\"><td><code>")
				.append(escape(user.username()))
				.append("</code></td><td><code>")
				.append(escape(user.password()))
				.append("</code></td><td>")
				.append(escape(String.join(", ", user.roles())))
				.append("</td><td>")
				.append(escape(boardsOf(user)))
				.append("</td><td>")
				.append(escape(user.sees()))
				.append("</td></tr>\n");
		}
		return rows.toString();
	}

	// Read live: an admin may have changed the members since startup.
	private String boardsOf(DemoUser user) {
		if (user.isAdmin()) {
			return "all (" + String.join(", ", this.boards.ids()) + "), as ADMIN";
		}
		List<String> boards = this.boards.ids()
			.stream()
			.filter((board) -> this.boards.isMember(user.username(), board))
			.toList();
		return boards.isEmpty() ? "none" : String.join(", ", boards);
	}

	private static String escape(String text) {
		return HtmlUtils.htmlEscape(text);
	}

}
