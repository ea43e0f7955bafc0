#!/usr/bin/python3
"""A real SMTP server on loopback for the email tests (Debian's
python3-aiosmtpd): each message it accepts is written whole into DIR as
<n>.eml, with the envelope's recipients in an X-Envelope-To line first.
--refuse ADDR answers 550 for that recipient (a mailer that refuses an
address); --delay S waits S seconds before accepting each message, so
that a run can be stopped halfway.  The file DIR/started holds how many
messages' DATA has begun: one more than the .eml files means a mailer
is in the middle of handing one over.  Prints "ready PORT" once
listening, and runs until SIGTERM.
"""
import argparse
import asyncio
import os
import signal
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory, refuse, delay):
        self.directory = directory
        self.refuse = {a.lower() for a in refuse}
        self.delay = delay
        self.count = 0
        self.started = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address.lower() in self.refuse:
            return '550 5.1.1 No such user here'
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.started += 1
            started = os.path.join(self.directory, 'started')
            with open(started + '.tmp', 'w') as f:
                f.write(str(self.started))
            os.rename(started + '.tmp', started)
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.count += 1
            n = self.count
        path = os.path.join(self.directory, '%04d.eml' % n)
        tmp = path + '.tmp'
        with open(tmp, 'wb') as f:
            f.write(b'X-Envelope-To: ' + ','.join(envelope.rcpt_tos).encode() + b'\r\n')
            f.write(envelope.original_content)
        os.rename(tmp, path)
        return '250 Message accepted'


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--port', type=int, required=True)
    p.add_argument('--dir', required=True)
    p.add_argument('--refuse', action='append', default=[])
    p.add_argument('--delay', type=float, default=0)
    a = p.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    controller = Controller(Sink(a.dir, a.refuse, a.delay), hostname='127.0.0.1', port=a.port)
    controller.start()
    print('ready', a.port, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == '__main__':
    main()
