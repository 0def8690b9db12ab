<?php

declare(strict_types=1);

namespace Agora\Token;

use Agora\Token\Internal\Arg;

/**
 * RTM2 resource permissions for {@see RtmTokenBuilder2::buildTokenWithPermissions}:
 * a list of (resource type, permission type, resource names). Adding the
 * same pair of types again replaces the earlier list of names.
 *
 * ```php
 * $p = (new Rtm2Permissions())
 *     ->add(Rtm2Permissions::RESOURCE_MESSAGE_CHANNEL, Rtm2Permissions::PERMISSION_READ, ['news'])
 *     ->add(Rtm2Permissions::RESOURCE_USER, Rtm2Permissions::PERMISSION_WRITE, ['bob']);
 * ```
 */
final class Rtm2Permissions
{
    public const RESOURCE_MESSAGE_CHANNEL = 0;
    public const RESOURCE_STREAM_CHANNEL = 1;
    public const RESOURCE_GROUP_CHANNEL = 2;
    public const RESOURCE_SERVER_GROUP = 3;
    public const RESOURCE_USER = 4;
    public const PERMISSION_READ = 0;
    public const PERMISSION_WRITE = 1;

    /** @var list<array{int, int, list<string>}> */
    private array $entries = [];

    /**
     * @param int $resourceType 0..65535 (the RESOURCE_* constants)
     * @param int $permissionType 0..65535 (PERMISSION_READ / PERMISSION_WRITE)
     * @param list<string> $resources resource names, each at most 65 535 bytes
     */
    public function add(mixed $resourceType, mixed $permissionType, mixed $resources): self
    {
        $r = Arg::int($resourceType, 'resourceType', 0, 65535);
        $p = Arg::int($permissionType, 'permissionType', 0, 65535);
        if (!\is_array($resources) || !array_is_list($resources)) {
            throw Arg::typeError('resources', 'a list of strings', $resources);
        }
        $names = [];
        foreach ($resources as $i => $name) {
            $names[] = Arg::text($name, "resources[$i]");
        }
        $this->entries[] = [$r, $p, $names];
        return $this;
    }

    /**
     * Builds the list from arrays shaped as in the vector files:
     * `[['resource_type' => 0, 'permission_type' => 1, 'resources' => ['a']], ...]`.
     *
     * @param list<array{resource_type: int, permission_type: int, resources: list<string>}> $list
     */
    public static function fromArray(array $list): self
    {
        $p = new self();
        foreach ($list as $i => $e) {
            if (!\is_array($e)) {
                throw Arg::typeError("permissions[$i]", 'an array', $e);
            }
            $p->add($e['resource_type'] ?? null, $e['permission_type'] ?? null, $e['resources'] ?? null);
        }
        return $p;
    }

    /**
     * @return list<array{int, int, list<string>}> in the order added
     * @internal
     */
    public function entries(): array
    {
        return $this->entries;
    }
}
