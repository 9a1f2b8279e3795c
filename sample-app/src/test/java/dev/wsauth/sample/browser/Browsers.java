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

package dev.wsauth.sample.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Starts headless Chromium browsers from Debian's {@code chromium} and
 * {@code chromium-driver} packages (never downloading a browser or driver), saves a
 * screenshot and the console log of each under {@code target/screenshots/} when a test
 * fails (and a screenshot whenever a test asks for one), and quits them after each test.
 */
final class Browsers implements TestExecutionExceptionHandler, AfterEachCallback {

	static final String CHROMIUM = "/usr/bin/chromium";

	static final String CHROMEDRIVER = "/usr/bin/chromedriver";

	static final Duration TIMEOUT = Duration.ofSeconds(15);

	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private final List<Browser> open = new ArrayList<>();

	Browser open(int appPort) {
		System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
		Path profile = createProfileDirectory();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
			.usingAnyFreePort()
			.build();
		Browser browser = new Browser(new ChromeDriver(service, options), profile, "http://localhost:" + appPort);
		this.open.add(browser);
		return browser;
	}

	private static Path createProfileDirectory() {
		try {
			return Files.createTempDirectory("wsauth-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
		Path directory = SCREENSHOTS;
		Files.createDirectories(directory);
		String name = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
		for (int i = 0; i < this.open.size(); i++) {
			WebDriver driver = this.open.get(i).driver();
			String prefix = name + "-browser" + (i + 1);
			try {
				byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
				Files.write(directory.resolve(prefix + ".png"), png);
				List<String> console = driver.manage()
					.logs()
					.get(LogType.BROWSER)
					.getAll()
					.stream()
					.map(LogEntry::toString)
					.toList();
				Files.write(directory.resolve(prefix + "-console.log"), console);
			}
			catch (RuntimeException ex) {
				throwable.addSuppressed(ex);
			}
		}
		throw throwable;
	}

	@Override
	public void afterEach(ExtensionContext context) {
		for (Browser browser : this.open) {
			try {
				browser.driver().quit();
			}
			finally {
				deleteQuietly(browser.profile());
			}
		}
		this.open.clear();
	}

	private static void deleteQuietly(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
		catch (IOException | UncheckedIOException ex) {
			// Chromium may still be writing its profile; the temp dir is cleaned by the
			// OS
		}
	}

	/**
	 * One browser, with the application's base URL.
	 *
	 * @param driver the driver
	 * @param profile the browser's fresh user data directory
	 * @param base the application's base URL on {@code localhost}
	 */
	record Browser(WebDriver driver, Path profile, String base) {

		/** Log in through the real {@code /login} page and land on the dashboard. */
		Browser login(String username, String password) {
			this.driver.get(this.base + "/login");
			this.driver.findElement(By.id("username")).sendKeys(username);
			this.driver.findElement(By.id("password")).sendKeys(password);
			this.driver.findElement(By.cssSelector("button[type=submit]")).click();
			waitUntil(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
			return this;
		}

		Browser go(String path) {
			this.driver.get(this.base + path);
			return this;
		}

		String text(String id) {
			return this.driver.findElement(By.id(id)).getText();
		}

		void waitForText(String id, String text) {
			waitUntil(ExpectedConditions.textToBe(By.id(id), text));
		}

		void waitForStatus(String status) {
			waitForText("status", status);
		}

		<T> T waitUntil(Function<? super WebDriver, T> condition) {
			return new WebDriverWait(this.driver, TIMEOUT).until(condition);
		}

		/**
		 * Save a screenshot of the visible page as {@code target/screenshots/<name>.png}.
		 */
		Path screenshot(String name) {
			try {
				Files.createDirectories(SCREENSHOTS);
				Path file = SCREENSHOTS.resolve(name + ".png");
				Files.write(file, ((TakesScreenshot) this.driver).getScreenshotAs(OutputType.BYTES));
				return file;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
