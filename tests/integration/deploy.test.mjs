// The files a server install needs: make install lays them out (with
// DESTDIR and PREFIX), the systemd units pass systemd-analyze verify,
// the nginx site passes nginx -t with a test certificate, and the
// installed config, migrations and templates work together.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-deploy-'));
const dest = path.join(tmp, 'root');

function run(cmd, args, opts = {}) {
	const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: ROOT, ...opts });
	return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const UNITS = ['groundwork.service', 'groundwork-backup.service', 'groundwork-backup.timer',
	'groundwork-purge.service', 'groundwork-purge.timer', 'groundwork-digest.service', 'groundwork-digest.timer'];
// The off-site backup: its network is checked on its own below.
const OFFSITE_UNITS = ['groundwork-offsite.service', 'groundwork-offsite.timer'];

test('make install lays out the binary, share files, man page, config, units and site under DESTDIR', () => {
	const r = run('make', ['-s', 'install', `DESTDIR=${dest}`, 'PREFIX=/usr']);
	assert.equal(r.status, 0, r.out);
	for (const f of ['usr/bin/groundwork', 'usr/share/groundwork/views/layout.tpl',
		'usr/share/groundwork/sql/001_accounts.sql', 'usr/share/groundwork/static/app.css',
		'usr/share/man/man8/groundwork.8', 'etc/groundwork/groundwork.conf',
		'lib/systemd/system/groundwork.service', 'lib/systemd/system/groundwork-backup.timer',
		'lib/systemd/system/groundwork-purge.service', 'lib/systemd/system/groundwork-purge.timer',
		'lib/systemd/system/groundwork-digest.service', 'lib/systemd/system/groundwork-digest.timer',
		'lib/systemd/system/groundwork-offsite.service', 'lib/systemd/system/groundwork-offsite.timer',
		'etc/nginx/sites-available/groundwork.conf', 'usr/lib/tmpfiles.d/groundwork.conf'])
		assert.ok(fs.existsSync(path.join(dest, f)), `${f} installed`);
	assert.ok(!fs.existsSync(path.join(dest, 'etc/nginx/sites-enabled')), 'the site is not enabled by surprise');
	const conf = fs.readFileSync(path.join(dest, 'etc/groundwork/groundwork.conf'), 'utf8');
	assert.match(conf, /^share_dir = \/usr\/share\/groundwork$/m);
	// Every key the program knows is in the commented default config.
	const keys = fs.readFileSync(path.join(ROOT, 'app/config.c'), 'utf8').match(/\{ "([a-z_]+)", (STR|INT|BOOL|MODE)\(/g)
		.map((k) => k.match(/"([a-z_]+)"/)[1]);
	assert.ok(keys.length >= 10);
	for (const k of keys) assert.match(conf, new RegExp(`^${k} =`, "m"), `key ${k}`);
	// It holds no secrets (the signing secret lives in the database), so
	// it is world-readable like other files in /etc.
	const mode = fs.statSync(path.join(dest, 'etc/groundwork/groundwork.conf')).mode & 0o777;
	assert.equal(mode, 0o644);
});

test('the installed binary migrates with the installed migrations and loads the installed templates', () => {
	const share = path.join(dest, 'usr/share/groundwork');
	const env = { ...process.env, GROUNDWORK_SHARE_DIR: share, GROUNDWORK_DB: path.join(tmp, 'gw.db'),
		GROUNDWORK_SOCKET: path.join(tmp, 'none.sock') };
	const bin = path.join(dest, 'usr/bin/groundwork');
	const conf = path.join(dest, 'etc/groundwork/groundwork.conf');
	let r = run(bin, ['--config', conf, 'migrate'], { env });
	assert.equal(r.status, 0, r.out);
	assert.match(r.out, /schema version \d+/);
	r = run(bin, ['--config', conf, 'doctor'], { env });
	assert.match(r.out, /^ok +templates in .* load$/m, r.out);
	assert.match(r.out, /^ok +database integrity_check$/m, r.out);
	assert.match(r.out, /^PROBLEM +the service answers/m, 'nothing serves in this test');
});

test('the systemd units pass systemd-analyze verify', () => {
	const units = path.join(tmp, 'units');
	fs.mkdirSync(units);
	for (const u of [...UNITS, ...OFFSITE_UNITS]) {
		// verify wants the commands to exist on this machine: point them
		// at the binary just built.
		const text = fs.readFileSync(path.join(ROOT, 'deploy/systemd', u), 'utf8')
			.replaceAll('/usr/bin/groundwork', path.join(ROOT, 'build/groundwork'));
		fs.writeFileSync(path.join(units, u), text);
	}
	const service = fs.readFileSync(path.join(units, 'groundwork.service'), 'utf8');
	for (const want of ['Restart=on-failure', 'NoNewPrivileges=yes', 'ProtectSystem=strict',
		'ReadWritePaths=/var/lib/groundwork /run/groundwork', 'PrivateTmp=yes', 'ProtectHome=yes',
		'SystemCallFilter=@system-service', 'CapabilityBoundingSet=', "ExecReload=/bin/sh -c 'kill -HUP $$MAINPID'"])
		assert.ok(service.includes(want), want);
	// No RuntimeDirectory=: systemd would reset the socket directory's
	// group before each command, and nginx could not reach the socket.
	assert.doesNotMatch(service, /^RuntimeDirectory/m);
	const r = run('systemd-analyze', ['verify', '--man=no', ...fs.readdirSync(units).map((u) => path.join(units, u))]);
	assert.equal(r.status, 0, r.out);
	// tmpfiles.d makes the socket's directory for nginx's group, set-group-ID.
	const tmpfiles = fs.readFileSync(path.join(ROOT, 'deploy/systemd/groundwork.tmpfiles'), 'utf8');
	assert.match(tmpfiles, /^d \/run\/groundwork 2750 groundwork www-data -$/m);
	const timer = fs.readFileSync(path.join(units, 'groundwork-purge.timer'), 'utf8');
	assert.match(timer, /^OnCalendar=hourly$/m);
	assert.match(timer, /^WantedBy=timers\.target$/m);
});

test('each service\'s sandbox rates 1.5 or lower in systemd-analyze security, with no network but the mailer\'s', () => {
	for (const u of UNITS.filter((n) => n.endsWith('.service'))) {
		const file = path.join(ROOT, 'deploy/systemd', u);
		const r = run('systemd-analyze', ['security', '--offline=true', '--no-pager', file]);
		const m = r.out.match(/Overall exposure level for \S+: (\d+\.\d+)/);
		assert.ok(m, r.out);
		assert.ok(Number(m[1]) <= 1.5, `${u} rates ${m[1]}`);
		const text = fs.readFileSync(file, 'utf8');
		// The digest's mailer (msmtp-mta) reaches an SMTP relay; the
		// others have no network at all.
		const network = u === 'groundwork-digest.service'
			? ['RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6']
			: ['PrivateNetwork=yes', 'IPAddressDeny=any', 'RestrictAddressFamilies=AF_UNIX\n'];
		for (const want of [...network, 'NoNewPrivileges=yes', 'ProtectSystem=strict',
			'SystemCallFilter=~@privileged @resources', 'MemoryDenyWriteExecute=yes', 'UMask=0077'])
			assert.ok(text.includes(want), `${u}: ${want}`);
	}
	const timer = fs.readFileSync(path.join(ROOT, 'deploy/systemd/groundwork-digest.timer'), 'utf8');
	assert.match(timer, /^OnCalendar=\*:0\/15$/m);
});

test('the off-site backup unit rates 1.5 or lower with the network it uploads over, gets the root-only file from systemd, and runs every 5 minutes', () => {
	const file = path.join(ROOT, 'deploy/systemd/groundwork-offsite.service');
	const r = run('systemd-analyze', ['security', '--offline=true', '--no-pager', file]);
	const m = r.out.match(/Overall exposure level for \S+: (\d+\.\d+)/);
	assert.ok(m, r.out);
	assert.ok(Number(m[1]) <= 1.5, `groundwork-offsite.service rates ${m[1]}`);
	const text = fs.readFileSync(file, 'utf8');
	for (const want of ['User=groundwork', 'NoNewPrivileges=yes', 'ProtectSystem=strict',
		'ReadWritePaths=/var/lib/groundwork\n', 'CapabilityBoundingSet=\n', 'MemoryDenyWriteExecute=yes',
		'UMask=0077', 'SystemCallFilter=@system-service\n', 'SystemCallFilter=~@privileged\n',
		'LoadCredential=offsite:/etc/groundwork/offsite.conf', 'SetCredential=offsite:#',
		'ExecStart=/usr/bin/groundwork --config /etc/groundwork/groundwork.conf offsite backup'])
		assert.ok(text.includes(want), want);
	// The Internet families and no others; no capability to get round it.
	assert.match(text, /^RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6$/m);
	// Of @resources, only setrlimit (restic raises its open-file limit).
	const denied = text.match(/^SystemCallFilter=~(?!@)(.*)$/m)[1].split(' ');
	const resources = run('systemd-analyze', ['syscall-filter', '--no-pager', '@resources']).out
		.split('\n').slice(1).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
	assert.deepEqual(resources.filter((c) => !denied.includes(c)), ['setrlimit']);
	const timer = fs.readFileSync(path.join(ROOT, 'deploy/systemd/groundwork-offsite.timer'), 'utf8');
	assert.match(timer, /^OnCalendar=\*:0\/5$/m);
	assert.match(timer, /^WantedBy=timers\.target$/m);
	const conf = fs.readFileSync(path.join(ROOT, 'deploy/groundwork.conf'), 'utf8');
	assert.match(conf, /^offsite_interval = 5$/m, 'the config\'s interval is the timer\'s');
});

test('the nginx site passes nginx -t with a test certificate, and has what a public site needs', () => {
	const site = fs.readFileSync(path.join(ROOT, 'deploy/nginx/groundwork.conf'), 'utf8');
	for (const want of ['return 301 https://', 'Strict-Transport-Security', 'server_tokens off',
		'client_max_body_size', 'client_body_timeout', 'client_header_timeout', 'limit_req zone=',
		'limit_req_status 429', 'fastcgi_param HTTP_PROXY ""', '/etc/letsencrypt/live/crm.example.com/fullchain.pem',
		'expires'])
		assert.ok(site.includes(want), want);
	assert.ok(!site.includes('fastcgi_keep_conn'), 'no fastcgi_keep_conn');
	const cert = path.join(tmp, 'cert.pem');
	const key = path.join(tmp, 'key.pem');
	let r = run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=crm.example.com',
		'-keyout', key, '-out', cert]);
	assert.equal(r.status, 0, r.out);
	const prefix = path.join(tmp, 'nginx');
	fs.mkdirSync(path.join(prefix, 'logs'), { recursive: true });
	const tested = site
		.replaceAll('/etc/letsencrypt/live/crm.example.com/fullchain.pem', cert)
		.replaceAll('/etc/letsencrypt/live/crm.example.com/privkey.pem', key)
		.replaceAll('include fastcgi_params;', 'include /etc/nginx/fastcgi_params;');
	fs.writeFileSync(path.join(prefix, 'nginx.conf'),
		`pid ${prefix}/nginx.pid;\nerror_log ${prefix}/logs/error.log;\nevents {}\nhttp {\n` +
		`include /etc/nginx/mime.types;\naccess_log off;\n${tested}\n}\n`);
	r = run('nginx', ['-t', '-p', prefix, '-c', path.join(prefix, 'nginx.conf')]);
	assert.equal(r.status, 0, r.out);
	assert.match(r.out, /test is successful/);
});
