// Tests build their own configuration; nothing should come from a developer's .env by accident.
process.env.NODE_ENV = 'test';
